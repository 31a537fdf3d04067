using Studio;

namespace Studio.Tests;

public class YogaClassTests
{
    [Fact]
    public void Mats_are_handed_out_from_one()
    {
        var yoga = new YogaClass("Hatha", 3);
        Assert.Equal(1, yoga.Book("ana"));
        Assert.Equal(2, yoga.Book("ben"));
        Assert.Equal([(1, "ana"), (2, "ben")], yoga.Mats);
    }

    [Fact]
    public void A_full_class_puts_members_on_the_waiting_list()
    {
        var yoga = new YogaClass("Hatha", 2);
        yoga.Book("ana");
        yoga.Book("ben");
        Assert.Null(yoga.Book("cy"));
        Assert.Null(yoga.Book("dee"));
        Assert.Equal(["cy", "dee"], yoga.Waiting);
    }

    [Fact]
    public void A_cancelled_mat_is_booked_again_when_nobody_waits()
    {
        var yoga = new YogaClass("Hatha", 2);
        yoga.Book("ana");
        yoga.Book("ben");
        Assert.Null(yoga.Cancel("ana"));
        Assert.Equal(1, yoga.Book("cy"));
    }

    [Fact]
    public void The_first_member_waiting_gets_a_cancelled_mat()
    {
        var yoga = new YogaClass("Hatha", 2);
        yoga.Book("ana");
        yoga.Book("ben");
        yoga.Book("cy");
        Assert.Equal("cy", yoga.Cancel("ana"));
        Assert.Equal(1, yoga.MatOf("cy"));
    }

    [Fact]
    public void Booking_twice_is_refused() => Assert.Throws<InvalidOperationException>(() =>
    {
        var yoga = new YogaClass("Hatha", 2);
        yoga.Book("ana");
        yoga.Book("ANA");
    });

    [Fact]
    public void Cancelling_without_a_mat_is_refused() => Assert.Throws<KeyNotFoundException>(() => new YogaClass("Hatha", 2).Cancel("ana"));
}
