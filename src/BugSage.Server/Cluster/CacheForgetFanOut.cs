using System.Text.Json;
using BugSage.Core.Caching;
using BugSage.Core.Processing;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// Tells the other nodes over Redis pub/sub what this node's cache forgot (a revoked key or token, a changed project),
/// and forgets on this node what the others tell. A message takes milliseconds, so a revoked key stops on every node
/// at once; a message lost while Redis is away costs at most the entry's own lifetime (a few seconds).
/// </summary>
internal sealed class CacheForgetFanOut(ClusterRedis redis, HybridCache cache, NodeIdentity node, ILogger<CacheForgetFanOut> log) : ICacheFanOut, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal(ClusterRedis.Prefix + "cache-forget");

    /// <param name="Key">A key to forget, or null.</param>
    /// <param name="Tag">A tag to forget, or null.</param>
    private sealed record Message(string Node, string? Key, string? Tag);

    private ChannelMessageQueue? queue;

    public ValueTask ForgetOnOtherNodesAsync(string key) => PublishAsync(new Message(node.Id, key, null));

    public ValueTask ForgetTagOnOtherNodesAsync(string tag) => PublishAsync(new Message(node.Id, null, tag));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        queue = await (await redis.ConnectAsync()).GetSubscriber().SubscribeAsync(Channel);
        queue.OnMessage(async message =>
        {
            try
            {
                var received = JsonSerializer.Deserialize<Message>((string)message.Message!, JsonSerializerOptions.Web);
                if (received is null || received.Node == node.Id) return;
                // Straight to the cache, not through MeteredCache: a forget heard from another node is not told on again.
                if (received.Key is { } key) await cache.RemoveAsync(key);
                if (received.Tag is { } tag) await cache.RemoveByTagAsync(tag);
            }
            catch (JsonException e) { log.LogWarning(e, "Ignored an unreadable cache forget from {Channel}", message.Channel); }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await redis.UnsubscribeOnStopAsync(queue);
    }

    private async ValueTask PublishAsync(Message message)
    {
        try { await (await redis.ConnectAsync()).GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(message, JsonSerializerOptions.Web)); }
        catch (Exception e) when (ClusterRedis.IsOutage(e) || e is InvalidOperationException)
        {
            log.LogWarning(e, "Could not tell the other nodes to forget {What}; they keep it until it lapses", message.Key ?? "tag " + message.Tag);
        }
    }
}
