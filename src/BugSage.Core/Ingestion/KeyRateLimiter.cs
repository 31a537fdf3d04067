using System.Collections.Concurrent;
using BugSage.Core.Cluster;

namespace BugSage.Core.Ingestion;

/// <summary>
/// Per-key fixed one-minute windows of accepted envelopes. In cluster mode the count is one for every node
/// (<see cref="ISharedCounters"/>); while the shared store is away, and in one process, each node counts its own.
/// </summary>
public sealed class KeyRateLimiter(TimeProvider clock, ISharedCounters? shared = null)
{
    private readonly ConcurrentDictionary<long, Window> windows = new();

    /// <summary>Counts one envelope; returns the seconds to wait when the key is over its limit.</summary>
    public int? TryAcquire(long keyId, int limitPerMinute)
    {
        if (limitPerMinute <= 0) return null;
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var window = windows.AddOrUpdate(keyId, _ => new Window(minute), (_, w) => w.Minute == minute ? w : new Window(minute));
        if (Interlocked.Increment(ref window.Count) <= limitPerMinute) return null;
        return RetryAfter(now, minute);
    }

    /// <summary>As <see cref="TryAcquire"/>, counted across the cluster where there is one.</summary>
    public async ValueTask<int?> TryAcquireAsync(long keyId, int limitPerMinute, CancellationToken ct)
    {
        if (limitPerMinute <= 0 || shared is null) return TryAcquire(keyId, limitPerMinute);
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        // The minute is in the key, so every node counts into the same window; it outlives its minute a little for nodes whose clocks lag.
        var counted = await shared.AddAsync($"ingest-key:{keyId}:{minute}", 1, TimeSpan.FromSeconds(70), ct);
        if (counted is not { } count) return TryAcquire(keyId, limitPerMinute);
        return count.Count <= limitPerMinute ? null : RetryAfter(now, minute);
    }

    private static int RetryAfter(DateTimeOffset now, long minute) => (int)Math.Max(1, (minute + 1) * 60 - now.ToUnixTimeSeconds());

    private sealed class Window(long minute)
    {
        public long Minute { get; } = minute;
        public int Count;
    }
}
