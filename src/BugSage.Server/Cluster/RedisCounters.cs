using BugSage.Core.Cluster;
using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// The cluster's shared fixed windows: one Redis key per window, counted and given its expiry in one script so that
/// no window is left without an end when a node dies between the two.
/// </summary>
internal sealed class RedisCounters(ClusterRedis redis, ILogger<RedisCounters> log, TimeProvider clock) : ISharedCounters
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

    private readonly OutageWarning outage = new(log, clock, "Redis cannot count rate limits; each node counts its own until it is back");

    public async ValueTask<SharedCount?> AddAsync(string key, int permits, TimeSpan window, CancellationToken ct)
    {
        try
        {
            var db = (await redis.ConnectAsync()).GetDatabase();
            var answer = (RedisResult[])(await db.ScriptEvaluateAsync(Script, [new RedisKey(ClusterRedis.Prefix + "limit:" + key)],
                [permits, (long)Math.Ceiling(window.TotalMilliseconds)]).WaitAsync(ct))!;
            return new SharedCount((long)answer[0], TimeSpan.FromMilliseconds((long)answer[1]));
        }
        catch (Exception e) when (ClusterRedis.IsOutage(e))
        {
            outage.Tell(e);
            return null;
        }
    }
}
