using Transit;

namespace Transit.Tests;

public class TimetableTests
{
    private static readonly DateOnly Monday = new(2025, 11, 17);

    private const string DayFeed = """
        trip,stop,time
        29-0600,Trafalgar Square,06:00
        29-0600,Camden Town,06:14
        29-0600,Wood Green,06:40
        29-0612,Trafalgar Square,06:12
        29-0612,Camden Town,06:27
        29-0612,Wood Green,06:55
        24-0605,Trafalgar Square,06:05
        24-0605,Camden Town,06:22
        24-0605,Hampstead Heath,06:41
        """;

    private static Timetable Day() => Timetable.Read(Monday, new StringReader(DayFeed));

    private static DateTime At(int hour, int minute) => Monday.ToDateTime(new TimeOnly(hour, minute));

    [Fact]
    public void Times_are_on_the_service_day()
    {
        Assert.Equal(At(6, 5), ServiceTime.At(Monday, "06:05"));
        Assert.Equal(At(23, 59), ServiceTime.At(Monday, " 23:59 "));
    }

    [Theory]
    [InlineData("6")]
    [InlineData("06:5")]
    [InlineData("06:60")]
    [InlineData("-1:00")]
    [InlineData("48:00")]
    [InlineData("six:00")]
    public void Broken_times_are_refused(string time) => Assert.Throws<FormatException>(() => ServiceTime.At(Monday, time));

    [Fact]
    public void The_feed_is_read_trip_by_trip()
    {
        var timetable = Day();
        Assert.Equal(["29-0600", "29-0612", "24-0605"], timetable.Trips);
        Assert.Equal(Monday, timetable.ServiceDay);
    }

    [Fact]
    public void Departures_come_soonest_first()
    {
        var departures = Day().DeparturesFrom("Trafalgar Square", At(6, 0), 3);
        Assert.Equal([("29-0600", At(6, 0)), ("24-0605", At(6, 5)), ("29-0612", At(6, 12))], departures.Select(c => (c.Trip, c.At)));
        Assert.Equal(["29-0612"], Day().DeparturesFrom("Camden Town", At(6, 23), 5).Select(c => c.Trip));
    }

    [Fact]
    public void A_trips_last_stop_is_no_departure() => Assert.Empty(Day().DeparturesFrom("Wood Green", At(6, 0), 5));

    [Fact]
    public void Journey_times_run_between_two_calls_of_a_trip()
    {
        Assert.Equal(TimeSpan.FromMinutes(40), Day().JourneyTime("29-0600", "Trafalgar Square", "Wood Green"));
        Assert.Equal(TimeSpan.FromMinutes(19), Day().JourneyTime("24-0605", "Camden Town", "Hampstead Heath"));
        Assert.Throws<ArgumentException>(() => Day().JourneyTime("29-0600", "Wood Green", "Camden Town"));
    }

    [Fact]
    public void The_last_bus_is_the_latest_departure()
    {
        Assert.Equal(new Call("29-0612", "Trafalgar Square", At(6, 12)), Day().LastDeparture("Trafalgar Square"));
        Assert.Equal(At(6, 27), Day().LastDeparture("Camden Town").At);
        Assert.Throws<ArgumentException>(() => Day().LastDeparture("Wood Green"));
    }

    [Fact]
    public void A_trip_that_goes_back_in_time_is_refused() => Assert.Throws<FormatException>(() =>
        Timetable.Read(Monday, new StringReader("trip,stop,time\n29-0600,Trafalgar Square,06:00\n29-0600,Camden Town,05:50\n")));
}
