using System.Threading.RateLimiting;
using BugSage.Core.Cluster;

namespace BugSage.Server.RateLimiting;

/// <summary>Where a budget is counted when a cluster shares it: the shared counters and this budget's key among them.</summary>
public sealed record SharedWindow(ISharedCounters Counters, string Key);

/// <summary>
/// One caller's fixed window of permits, which knows when its window ends. The framework's
/// <see cref="FixedWindowRateLimiter"/> counts the same way but keeps the end of its window to itself,
/// which <c>RateLimit-Reset</c> and <c>Retry-After</c> must report; and it reads the machine's clock,
/// where this one reads the server's <see cref="TimeProvider"/>. Given a <see cref="SharedWindow"/> (cluster mode),
/// the window is counted once for every node and this budget mirrors the shared count for its headers.
/// </summary>
public sealed class CallerBudget(int permitLimit, TimeSpan window, TimeProvider clock, Action<CallerBudget>? released = null, SharedWindow? shared = null) : RateLimiter
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
            return now >= windowEnds ? (permitLimit, TimeSpan.Zero) : (Math.Max(0, permitLimit - used), windowEnds - now);
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
        // A shared count cannot be read without a round trip: the rate limiter, refused here, asks again asynchronously.
        return shared is null ? AcquireLocally(permitCount) : Lease.Undecided;
    }

    private RateLimitLease AcquireLocally(int permitCount)
    {
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
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (shared is null) return AcquireLocally(permitCount);
        // Redis away: this node's own count stands in, so callers are still limited (per node) rather than refused or let through.
        if (await shared.Counters.AddAsync(shared.Key, permitCount, window, cancellationToken) is not { } counted) return AcquireLocally(permitCount);
        lock (gate)
        {
            // Mirrored for the headers and for the rate limiter's idle sweep.
            used = (int)Math.Min(counted.Count, int.MaxValue);
            windowEnds = clock.GetUtcNow() + counted.ResetsIn;
        }
        if (counted.Count <= permitLimit)
        {
            Interlocked.Increment(ref succeeded);
            return Lease.Acquired;
        }
        Interlocked.Increment(ref failed);
        return new Lease(false, counted.ResetsIn);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) released?.Invoke(this);
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        /// <summary>Not acquired, and no answer yet either: only the asynchronous attempt decides a shared budget.</summary>
        public static readonly Lease Undecided = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
