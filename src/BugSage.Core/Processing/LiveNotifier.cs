using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing;

/// <summary>
/// Fan-out of <see cref="LiveEvent"/>s to subscribers (dashboard circuits, the SignalR hub, SSE
/// streams). A failing subscriber never blocks the others or the digest. In cluster mode the
/// events published here also travel to every other node (<see cref="SubscribePublished"/>), which
/// hands them to its own subscribers through <see cref="DeliverFromAnotherNodeAsync"/>.
/// </summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> logger)
{
    private readonly Lock sync = new();
    private Func<LiveEvent, ValueTask>[] handlers = [];
    private Func<LiveEvent, ValueTask>[] forwarders = [];

    /// <summary>Hears every event this node's clients should hear: published here or on another node.</summary>
    public IDisposable Subscribe(Func<LiveEvent, ValueTask> handler)
    {
        lock (sync) handlers = [.. handlers, handler];
        return new Subscription(() => { lock (sync) handlers = handlers.Where(h => h != handler).ToArray(); });
    }

    /// <summary>
    /// Hears only the events published on this node, not those delivered from another: what the cluster's
    /// fan-out forwards, so that an event never travels back to where it came from, and what work done once
    /// per event in the cluster (automatic analysis) starts from.
    /// </summary>
    public IDisposable SubscribePublished(Func<LiveEvent, ValueTask> forwarder)
    {
        lock (sync) forwarders = [.. forwarders, forwarder];
        return new Subscription(() => { lock (sync) forwarders = forwarders.Where(h => h != forwarder).ToArray(); });
    }

    public async ValueTask PublishAsync(LiveEvent evt)
    {
        await DeliverAsync(Volatile.Read(ref handlers), evt);
        await DeliverAsync(Volatile.Read(ref forwarders), evt);
    }

    /// <summary>Hands an event another node published to this node's subscribers, and forwards it no further.</summary>
    public ValueTask DeliverFromAnotherNodeAsync(LiveEvent evt) => DeliverAsync(Volatile.Read(ref handlers), evt);

    private async ValueTask DeliverAsync(Func<LiveEvent, ValueTask>[] targets, LiveEvent evt)
    {
        foreach (var handler in targets)
        {
            try { await handler(evt); }
            catch (Exception e) { logger.LogWarning(e, "A live subscriber failed on {Event}", evt.Name); }
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
