using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing;

/// <summary>
/// In-process fan-out of <see cref="LiveEvent"/>s to subscribers (dashboard circuits, the
/// SignalR hub, SSE streams). A failing subscriber never blocks the others or the digest.
/// </summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> logger)
{
    private readonly Lock sync = new();
    private Func<LiveEvent, ValueTask>[] handlers = [];

    public IDisposable Subscribe(Func<LiveEvent, ValueTask> handler)
    {
        lock (sync) handlers = [.. handlers, handler];
        return new Subscription(this, handler);
    }

    public async ValueTask PublishAsync(LiveEvent evt)
    {
        foreach (var handler in Volatile.Read(ref handlers))
        {
            try { await handler(evt); }
            catch (Exception e) { logger.LogWarning(e, "A live subscriber failed on {Event}", evt.Name); }
        }
    }

    private void Unsubscribe(Func<LiveEvent, ValueTask> handler)
    {
        lock (sync) handlers = handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(LiveNotifier owner, Func<LiveEvent, ValueTask> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
