namespace BugSage.Server.Cluster;

/// <summary>
/// One warning a minute at most while Redis is away: every request meets the outage, and each would otherwise log its own.
/// </summary>
public sealed class OutageWarning(ILogger log, TimeProvider clock, string message)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private long lastTicks = long.MinValue / 2;

    public void Tell(Exception e)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref lastTicks);
        if (now - last >= Interval.Ticks && Interlocked.CompareExchange(ref lastTicks, now, last) == last)
#pragma warning disable CA2254 // one fixed message per instance, given at construction
            log.LogWarning(e, message);
#pragma warning restore CA2254
    }
}
