using System.Threading.RateLimiting;

namespace BugSage.Server.RateLimiting;

/// <summary>
/// One caller's fixed window of permits, which knows when its window ends. The framework's
/// <see cref="FixedWindowRateLimiter"/> counts the same way but keeps the end of its window to itself,
/// which <c>RateLimit-Reset</c> and <c>Retry-After</c> must report; and it reads the machine's clock,
/// where this one reads the server's <see cref="TimeProvider"/>.
/// </summary>
public sealed class CallerBudget(int permitLimit, TimeSpan window, TimeProvider clock, Action<CallerBudget>? released = null) : RateLimiter
{
    private readonly Lock gate = new();
    private int used;
    private DateTimeOffset windowEnds = DateTimeOffset.MinValue;
    private long succeeded;
    private long failed;

    public int PermitLimit => permitLimit;

    /// <summary>What is left of the current window and how long until it ends (the whole budget and zero when no window is open).</summary>
    public (int Remaining, TimeSpan ResetsIn) Now()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            return now >= windowEnds ? (permitLimit, TimeSpan.Zero) : (permitLimit - used, windowEnds - now);
        }
    }

    /// <summary>Idle once its window has ended with nothing spent since: the rate limiter then drops it, and a new one starts whole.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var now = clock.GetUtcNow();
                return now >= windowEnds ? now - windowEnds : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = Now().Remaining,
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref succeeded),
        TotalFailedLeases = Interlocked.Read(ref failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now >= windowEnds)
            {
                used = 0;
                windowEnds = now + window;
            }
            if (used + permitCount <= permitLimit && (permitCount > 0 || used < permitLimit))
            {
                used += permitCount;
                Interlocked.Increment(ref succeeded);
                return Lease.Acquired;
            }
            Interlocked.Increment(ref failed);
            return new Lease(false, windowEnds - now);
        }
    }

    // No queue: a caller over its budget is answered at once with when to come back, rather than held open.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing) released?.Invoke(this);
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
