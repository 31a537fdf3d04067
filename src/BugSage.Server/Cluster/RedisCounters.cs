using BugSage.Core.Cluster;
using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// The cluster's shared fixed windows: one Redis key per window, counted and given its expiry in one script so that
/// no window is left without an end when a node dies between the two.
/// </summary>
public sealed class RedisCounters(ClusterRedis redis, ILogger<RedisCounters> log, TimeProvider clock) : ISharedCounters
{
    // INCRBY opens the window at zero; the first addition sets when it ends. Answers the count and the milliseconds left.
    private const string Script = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        return { count, ttl }
        """;

    // Logged at most this often while Redis is away: every request would otherwise log its own.
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private long lastWarningTicks;

    public async ValueTask<SharedCount?> AddAsync(string key, int permits, TimeSpan window, CancellationToken ct)
    {
        try
        {
            var db = (await redis.ConnectAsync()).GetDatabase();
            var answer = (RedisResult[])(await db.ScriptEvaluateAsync(Script, [new RedisKey(ClusterRedis.Prefix + "limit:" + key)],
                [permits, (long)Math.Ceiling(window.TotalMilliseconds)]).WaitAsync(ct))!;
            return new SharedCount((long)answer[0], TimeSpan.FromMilliseconds((long)answer[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            var now = clock.GetUtcNow().UtcTicks;
            var last = Interlocked.Read(ref lastWarningTicks);
            if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref lastWarningTicks, now, last) == last)
                log.LogWarning(e, "Redis cannot count rate limits; each node counts its own until it is back");
            return null;
        }
    }
}
