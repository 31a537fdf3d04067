using System.Text.Json;
using BugSage.Core.Processing;
using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// Carries live events between nodes over Redis pub/sub: each event published on this node goes to the others, and each
/// event another node published is handed to this node's subscribers (hub listeners, SSE streams, dashboard circuits),
/// which check their own listeners' access as they would for an event digested here. Delivery is at most once: a
/// client that misses one (Redis away) catches up on its next read, as after any dropped connection.
/// </summary>
internal sealed class LiveEventFanOut(ClusterRedis redis, LiveNotifier notifier, NodeIdentity node, ILogger<LiveEventFanOut> log) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal(ClusterRedis.Prefix + "live");

    private sealed record Message(string Node, LiveEvent Event);

    private IDisposable? forwarding;
    private ChannelMessageQueue? queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = (await redis.ConnectAsync()).GetSubscriber();
        queue = await subscriber.SubscribeAsync(Channel);
        // One message after another, in the order they were published, as on one node.
        queue.OnMessage(async message =>
        {
            try
            {
                if (JsonSerializer.Deserialize<Message>((string)message.Message!, JsonSerializerOptions.Web) is { } received && received.Node != node.Id)
                    await notifier.DeliverFromAnotherNodeAsync(received.Event);
            }
            catch (JsonException e) { log.LogWarning(e, "Ignored an unreadable live event from {Channel}", message.Channel); }
        });
        forwarding = notifier.SubscribePublished(async evt =>
        {
            try { await subscriber.PublishAsync(Channel, JsonSerializer.Serialize(new Message(node.Id, evt), JsonSerializerOptions.Web)); }
            catch (Exception e) when (ClusterRedis.IsOutage(e)) { log.LogWarning(e, "Could not pass {Event} to the other nodes; only this node's clients hear it", evt.Name); }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        forwarding?.Dispose();
        await redis.UnsubscribeOnStopAsync(queue);
    }
}
