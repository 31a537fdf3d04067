namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// Two BugSage nodes in cluster mode, as separate in-process hosts with their own data directories and node ids,
/// on one fresh PostgreSQL database and one throwaway Redis, as two nodes behind a load balancer are.
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    private ClusterNodes(RedisServer redis, BugSageFactory a, BugSageFactory b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }

    public BugSageFactory A { get; }

    public BugSageFactory B { get; }

    /// <param name="settings">Settings both nodes take (limits under test).</param>
    /// <param name="clock">One clock both nodes read, for tests of windows that must not end mid-test.</param>
    /// <param name="listenB">Node B on a real port, for clients that need one (the hub's WebSocket); its callers then come from 127.0.0.1, not from the test host.</param>
    /// <param name="redisOptions">StackExchange.Redis options both nodes add to the Redis address (timeouts under test).</param>
    public static async Task<ClusterNodes> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? clock = null, bool listenB = false,
        string? redisOptions = null)
    {
        var redis = await RedisServer.StartAsync();
        if (redisOptions is not null) (settings = new(settings ?? []))["BugSage:Cluster:Redis"] = redis.ConnectionString + "," + redisOptions;
        BugSageFactory? a = null;
        try
        {
            a = await BugSageFactory.CreateAsync("postgres", Settings(redis, "node-a", settings), clock: clock);
            var second = Settings(redis, "node-b", settings);
            second["BugSage:Storage:ConnectionString"] = a.ConnectionString;
            // Every node of a cluster seals and opens secrets (the token signing key among them) with the same server key.
            second["BugSage:Secrets:KeyFile"] = Path.Combine(a.DataDirectory, "secrets.key");
            var b = await BugSageFactory.CreateAsync("postgres", second, kestrel: listenB, clock: clock);
            return new ClusterNodes(redis, a, b);
        }
        catch
        {
            if (a is not null) await a.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each part is stopped even when another fails to stop, so no Redis or host outlives a failed test.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await B.DisposeAsync();
        }
        finally
        {
            try
            {
                await A.DisposeAsync();
            }
            finally
            {
                await Redis.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string?> Settings(RedisServer redis, string nodeId, Dictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BugSage:Cluster:Enabled"] = "true",
            ["BugSage:Cluster:Redis"] = redis.ConnectionString,
            ["BugSage:NodeId"] = nodeId,
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return settings;
    }
}
