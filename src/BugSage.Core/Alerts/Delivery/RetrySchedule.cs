using BugSage.Core.Configuration;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// When a failed delivery is tried again: the first retry after <see cref="AlertOptions.FirstRetrySeconds"/>,
/// doubling up to <see cref="AlertOptions.MaxRetryDelayMinutes"/>, each delay drawn between half and all
/// of that (jitter, so that targets recovering from an outage are not hit by every sender at once). A
/// <c>Retry-After</c> the receiver sent wins, within the same ceiling.
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int failedSends, TimeSpan? retryAfter, AlertOptions options, Random random)
    {
        var ceiling = TimeSpan.FromMinutes(options.MaxRetryDelayMinutes);
        if (retryAfter is { } asked && asked > TimeSpan.Zero) return asked < ceiling ? asked : ceiling;
        var exponential = options.FirstRetrySeconds * Math.Pow(2, Math.Min(failedSends - 1, 20));
        var full = Math.Min(exponential, ceiling.TotalSeconds);
        return TimeSpan.FromSeconds(full / 2 + random.NextDouble() * full / 2);
    }
}
