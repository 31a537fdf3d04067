using System.Collections.Concurrent;

namespace BugSage.Core.Caching;

/// <summary>
/// Answers kept in memory for a fixed time, then loaded again: how a node avoids a database round
/// trip per request and still sees a change made on another node within <c>lifetime</c>. A change
/// made on this node is seen at once through <see cref="Forget"/> (one entry) or
/// <see cref="ForgetAll"/> (every entry). Past <c>maxEntries</c> it starts over rather than grow,
/// so a flood of unknown keys cannot exhaust memory. Age is measured on the monotonic timestamp,
/// which wall-clock changes do not move.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeSpan lifetime, int maxEntries, TimeProvider clock, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> entries = new(comparer);
    private long generation;

    private readonly record struct Entry(TValue Value, long LoadedAt, long Generation);

    /// <summary>The kept answer while it is fresh; otherwise <paramref name="load"/>'s, kept from now on.</summary>
    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> load)
    {
        var now = clock.GetTimestamp();
        var current = Interlocked.Read(ref generation);
        if (entries.TryGetValue(key, out var kept) && kept.Generation == current && clock.GetElapsedTime(kept.LoadedAt, now) < lifetime) return kept.Value;
        var value = await load(key);
        if (entries.Count >= maxEntries) entries.Clear();
        entries[key] = new Entry(value, now, current);
        return value;
    }

    /// <summary>Changes a kept answer without making it younger (a detail learnt on the way, such as a last use).</summary>
    public void Update(TKey key, Func<TValue, TValue> change)
    {
        if (entries.TryGetValue(key, out var kept)) entries[key] = kept with { Value = change(kept.Value) };
    }

    public void Forget(TKey key) => entries.TryRemove(key, out _);

    /// <summary>Makes every kept answer stale at once, for a change that may touch any of them.</summary>
    public void ForgetAll() => Interlocked.Increment(ref generation);
}
