using System.Collections.Concurrent;

namespace BugSage.Core.Ingestion;

/// <summary>Per-key fixed one-minute windows of accepted envelopes.</summary>
public sealed class KeyRateLimiter(TimeProvider clock)
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
        return (int)Math.Max(1, (minute + 1) * 60 - now.ToUnixTimeSeconds());
    }

    private sealed class Window(long minute)
    {
        public long Minute { get; } = minute;
        public int Count;
    }
}
