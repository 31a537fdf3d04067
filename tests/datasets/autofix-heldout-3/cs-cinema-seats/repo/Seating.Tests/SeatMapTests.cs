using Seating;

namespace Seating.Tests;

public class SeatMapTests
{
    // The test screening room: 5 rows of 5.
    private readonly SeatMap room = new(5, 5);

    [Fact]
    public void A_new_screening_is_all_free()
    {
        Assert.Equal(25, room.Free);
        Assert.True(room.IsFree("E5"));
    }

    [Fact]
    public void A_sold_seat_is_no_longer_free()
    {
        room.Book("B3");
        Assert.False(room.IsFree("B3"));
        Assert.True(room.IsFree("B4"));
        Assert.Equal(24, room.Free);
        Assert.Equal(["B1", "B2", "B4", "B5"], room.FreeInRow('B'));
    }

    [Fact]
    public void A_seat_is_sold_once()
    {
        room.Book("D1");
        Assert.Throws<InvalidOperationException>(() => room.Book("D1"));
    }

    [Theory]
    [InlineData("F1")]
    [InlineData("A6")]
    [InlineData("A0")]
    public void Seats_outside_the_screen_are_refused(string seat) => Assert.Throws<ArgumentOutOfRangeException>(() => room.Book(seat));

    [Theory]
    [InlineData("")]
    [InlineData("7A")]
    [InlineData("a1")]
    public void Seat_labels_are_checked(string seat) => Assert.Throws<FormatException>(() => room.IsFree(seat));
}
