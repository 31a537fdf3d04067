using BugSage.Core.Processing;
using Microsoft.Extensions.Caching.Hybrid;

namespace BugSage.Core.Caching;

/// <summary>
/// The product's one way into <see cref="HybridCache"/>: every read is counted in
/// <c>bugsage_cache_requests_total{cache,outcome}</c> as a <c>hit</c> or a <c>miss</c> (this read ran the load), so
/// each cache's hit rate is measurable in <c>/metrics</c>. A read that waited on another caller's load of the same key
/// counts as a hit: it cost no query of its own. In cluster mode every forget also reaches the other nodes
/// (<see cref="ICacheFanOut"/>).
/// </summary>
public sealed class MeteredCache(HybridCache cache, BugSageMetrics metrics, ICacheFanOut? otherNodes = null)
{
    /// <param name="name">The cache's name in metrics (<c>dsn_keys</c>, <c>api_tokens</c>, …).</param>
    /// <param name="state">What <paramref name="load"/> needs, passed without a closure.</param>
    public async ValueTask<T> GetOrLoadAsync<TState, T>(string name, string key, TState state, Func<TState, CancellationToken, ValueTask<T>> load,
        HybridCacheEntryOptions options, IEnumerable<string>? tags, CancellationToken ct)
    {
        var read = new Read<TState, T>(state, load);
        var value = await cache.GetOrCreateAsync(key, read, static (r, token) => r.LoadAsync(token), options, tags, ct);
        metrics.CacheRequests.Add(1, new KeyValuePair<string, object?>("cache", name), new KeyValuePair<string, object?>("outcome", read.Loaded ? "miss" : "hit"));
        return value;
    }

    /// <summary>Replaces an answer (a detail learnt on the way, such as a last use), keeping its tags.</summary>
    public ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions options, IEnumerable<string>? tags, CancellationToken ct) =>
        cache.SetAsync(key, value, options, tags, ct);

    /// <summary>Forgets one answer, on this node at once, in the shared second level where there is one, then on the other nodes.</summary>
    public async ValueTask ForgetAsync(string key)
    {
        // The second level first: a node told to forget must not read the old answer back from it.
        await cache.RemoveAsync(key);
        if (otherNodes is not null) await otherNodes.ForgetOnOtherNodesAsync(key);
    }

    /// <summary>Forgets every answer carrying <paramref name="tag"/>, here and on the other nodes.</summary>
    public async ValueTask ForgetTagAsync(string tag)
    {
        await cache.RemoveByTagAsync(tag);
        if (otherNodes is not null) await otherNodes.ForgetTagOnOtherNodesAsync(tag);
    }

    /// <summary>Remembers whether this read ran the load, which is what tells a miss from a hit.</summary>
    private sealed class Read<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> load)
    {
        public bool Loaded { get; private set; }

        public ValueTask<T> LoadAsync(CancellationToken ct)
        {
            Loaded = true;
            return load(state, ct);
        }
    }
}
