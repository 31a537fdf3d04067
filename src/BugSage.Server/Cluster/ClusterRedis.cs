using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// This node's connection to Redis, shared by the cache's second level, the fan-out of live events and cache forgets,
/// and the rate-limit counters. Connected at start (a wrong address stops the start with the setting's name); after
/// that, commands fail at once while Redis is away instead of queueing, so each user can fall back to what this node has.
/// </summary>
internal sealed class ClusterRedis(ClusterOptions options, ILogger<ClusterRedis> log) : IAsyncDisposable
{
    /// <summary>Every key and channel BugSage uses starts with this, so a Redis shared with other software stays apart.</summary>
    public const string Prefix = "bugsage:";

    private readonly SemaphoreSlim connecting = new(1, 1);
    private ConnectionMultiplexer? connection;

    /// <summary>The connection options every Redis user of this node starts from.</summary>
    public static ConfigurationOptions Configuration(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        // Keep reconnecting in the background after the first connect; while disconnected, fail commands at once.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "bugsage";
        return configuration;
    }

    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        if (connection is { } ready) return ready;
        await connecting.WaitAsync();
        try
        {
            if (connection is null)
            {
                var configuration = Configuration(options.Redis!);
                // The first connect must succeed: a node that never reached Redis would run alone without anyone noticing.
                configuration.AbortOnConnectFail = true;
                try
                {
                    var connected = await ConnectionMultiplexer.ConnectAsync(configuration);
                    connection = connected;
                }
                catch (RedisConnectionException e)
                {
                    throw new InvalidOperationException($"{ClusterOptions.Section}:Redis: cannot reach Redis at {string.Join(", ", configuration.EndPoints)}: {e.Message}", e);
                }
                connection.ConnectionFailed += (_, e) => log.LogWarning(e.Exception,
                    "Lost Redis at {Endpoint} ({Failure}): limits and caches fall back to this node's until it is back; live events reach this node's clients only", e.EndPoint, e.FailureType);
                connection.ConnectionRestored += (_, e) => log.LogInformation("Redis at {Endpoint} is back", e.EndPoint);
            }
            return connection;
        }
        finally { connecting.Release(); }
    }

    /// <summary>
    /// Whether <paramref name="e"/> says Redis is away or not answering, which every user of it outlives by falling back to
    /// this node's own. A timeout is not a <see cref="RedisException"/> (it derives from <see cref="TimeoutException"/>),
    /// and a connection closed as the node stops throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public static bool IsOutage(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>
    /// Ends a subscription as the node stops. Redis may be gone by then (stopped first, or the link dropped): the
    /// subscription ended with the connection, so there is nothing left to undo, and a stop must not fail on it.
    /// </summary>
    public async Task UnsubscribeOnStopAsync(ChannelMessageQueue? queue)
    {
        if (queue is null) return;
        try { await queue.UnsubscribeAsync(); }
        catch (Exception e) when (IsOutage(e)) { log.LogInformation("Redis was gone as {Channel} was left ({Failure}); nothing to undo", queue.Channel, e.Message); }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connecting.Dispose();
    }
}
