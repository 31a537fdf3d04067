using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Configuration;

namespace BugSage.Core.Tests.Alerts;

/// <summary>Retries back off exponentially with jitter, under a ceiling, and a receiver's Retry-After wins.</summary>
public class RetryScheduleTests
{
    private static readonly AlertOptions Options = new() { FirstRetrySeconds = 30, MaxRetryDelayMinutes = 60 };

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(2, 30, 60)]
    [InlineData(5, 240, 480)]
    [InlineData(9, 1800, 3600)]
    [InlineData(40, 1800, 3600)]
    public void Each_delay_is_between_half_and_all_of_the_doubled_one_under_the_ceiling(int failedSends, double min, double max)
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
            RetrySchedule.Delay(failedSends, null, Options, random).TotalSeconds.ShouldBeInRange(min, max);
    }

    [Fact]
    public void Jitter_spreads_the_retries_of_many_senders()
    {
        var random = new Random(11);
        Enumerable.Range(0, 50).Select(_ => RetrySchedule.Delay(3, null, Options, random)).Distinct().Count().ShouldBeGreaterThan(40);
    }

    [Fact]
    public void Retry_after_is_honoured_up_to_the_ceiling()
    {
        RetrySchedule.Delay(1, TimeSpan.FromSeconds(600), Options, Random.Shared).ShouldBe(TimeSpan.FromSeconds(600));
        RetrySchedule.Delay(1, TimeSpan.FromHours(5), Options, Random.Shared).ShouldBe(TimeSpan.FromHours(1));
        RetrySchedule.Delay(1, TimeSpan.FromSeconds(-5), Options, Random.Shared).TotalSeconds.ShouldBeInRange(15, 30);
    }
}
