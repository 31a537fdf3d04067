using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;

namespace BugSage.Server.Cluster;

/// <summary>
/// HybridCache's second level in cluster mode: Redis, read as a cache and never as a dependency. While Redis is away or
/// hangs, a read is a miss (the answer is loaded from the database), a write is skipped, and a forget reaches this node's
/// first level and the other nodes' only: the Redis copy lapses within its own lifetime (seconds). HybridCache logs read
/// and write failures itself but lets a failed remove through, which turned revoking a key during an outage into a 500.
/// </summary>
internal sealed class RedisSecondLevel(IBufferDistributedCache redis, ILogger<RedisSecondLevel> log, TimeProvider clock) : IBufferDistributedCache
{
    /// <summary>
    /// HybridCache keeps when each tag was last forgotten under keys starting so. A failed read of one must fail: HybridCache
    /// then treats the tag as forgotten now (its entries are loaded again), where a miss would say "never forgotten".
    /// </summary>
    private const string TagKeyPrefix = "__MSFT_HCT__";

    private readonly OutageWarning outage = new(log, clock, "Redis cannot serve the cache's second level; each node reads the database until it is back");

    public byte[]? Get(string key) => key.StartsWith(TagKeyPrefix, StringComparison.Ordinal) ? redis.Get(key) : Try(() => redis.Get(key));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        key.StartsWith(TagKeyPrefix, StringComparison.Ordinal) ? await redis.GetAsync(key, token) : await TryAsync(() => redis.GetAsync(key, token));

    public bool TryGet(string key, IBufferWriter<byte> destination) =>
        key.StartsWith(TagKeyPrefix, StringComparison.Ordinal) ? redis.TryGet(key, destination) : Try(() => redis.TryGet(key, destination));

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        key.StartsWith(TagKeyPrefix, StringComparison.Ordinal) ? await redis.TryGetAsync(key, destination, token)
            : await TryAsync(() => redis.TryGetAsync(key, destination, token).AsTask());

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Try(() => { redis.Set(key, value, options); return true; });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        TryAsync(async () => { await redis.SetAsync(key, value, options, token); return true; });

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => Try(() => { redis.Set(key, value, options); return true; });

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        await TryAsync(async () => { await redis.SetAsync(key, value, options, token); return true; });

    public void Refresh(string key) => Try(() => { redis.Refresh(key); return true; });

    public Task RefreshAsync(string key, CancellationToken token = default) => TryAsync(async () => { await redis.RefreshAsync(key, token); return true; });

    public void Remove(string key) => Try(() => { redis.Remove(key); return true; });

    public Task RemoveAsync(string key, CancellationToken token = default) => TryAsync(async () => { await redis.RemoveAsync(key, token); return true; });

    private T? Try<T>(Func<T> call)
    {
        try { return call(); }
        catch (Exception e) when (ClusterRedis.IsOutage(e))
        {
            outage.Tell(e);
            return default;
        }
    }

    private async Task<T?> TryAsync<T>(Func<Task<T>> call)
    {
        try { return await call(); }
        catch (Exception e) when (ClusterRedis.IsOutage(e))
        {
            outage.Tell(e);
            return default;
        }
    }
}
