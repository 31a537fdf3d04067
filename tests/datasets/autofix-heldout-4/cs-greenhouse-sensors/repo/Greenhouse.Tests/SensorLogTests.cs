using Greenhouse;

namespace Greenhouse.Tests;

public class SensorLogTests
{
    private static readonly DateTime Six = new(2024, 5, 14, 6, 0, 0);
    private readonly SensorLog log = new();

    [Fact]
    public void Readings_wait_for_their_block()
    {
        log.Add(new Reading(Six, 14.0, 80));
        log.Add(new Reading(Six.AddMinutes(5), 15.0, 78));
        Assert.Equal(2, log.Pending);
        Assert.Empty(log.Summaries);
        Assert.Equal(15.0, log.Latest!.Value.Celsius);
    }

    [Fact]
    public void Flushing_summarises_the_unfinished_block()
    {
        log.Add(new Reading(Six, 14.0, 80));
        log.Add(new Reading(Six.AddMinutes(5), 15.0, 78));
        log.Add(new Reading(Six.AddMinutes(10), 16.5, 75));
        var summary = log.Flush();
        Assert.Equal(new Summary(Six, Six.AddMinutes(10), 3, 14.0, 16.5, 15.2, 78), summary);
        Assert.Equal(0, log.Pending);
        Assert.Equal([summary], log.Summaries);
        Assert.True(log.VentsOpen(15));
        Assert.False(log.VentsOpen(15.5));
    }

    [Fact]
    public void Nothing_to_flush() => Assert.Throws<InvalidOperationException>(() => log.Flush());

    [Fact]
    public void Readings_come_in_time_order()
    {
        log.Add(new Reading(Six.AddMinutes(5), 14.0, 80));
        Assert.Throws<ArgumentException>(() => log.Add(new Reading(Six, 14.0, 80)));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Add(new Reading(Six.AddMinutes(10), 14.0, 101)));
    }

    [Fact]
    public void No_vents_before_the_first_summary() => Assert.False(log.VentsOpen(0));
}
