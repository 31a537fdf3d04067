using System.Collections.Concurrent;
using System.Security.Claims;

namespace BugSage.Server.LiveFeeds;

/// <summary>
/// Who listens to which feed on the live hub. A hub connection outlives the request that joined a
/// feed, as an SSE stream does, so an event is sent to each listener only after
/// <see cref="StreamAccess"/> says they may still read it; one who may not (removed from the
/// organization, token revoked or expired) is dropped from the feed instead.
/// </summary>
public sealed class LiveListeners
{
    /// <summary>A feed a connection joined: its name, and the project whose access decides it (none for one's own conversation).</summary>
    public sealed record Listener(string ConnectionId, ClaimsPrincipal User, long? ProjectId);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Listener>> byFeed = new(StringComparer.Ordinal);

    public void Join(string feed, Listener listener) =>
        byFeed.GetOrAdd(feed, _ => new ConcurrentDictionary<string, Listener>(StringComparer.Ordinal))[listener.ConnectionId] = listener;

    public void Leave(string feed, string connectionId)
    {
        if (byFeed.TryGetValue(feed, out var listeners)) listeners.TryRemove(connectionId, out _);
    }

    public void Gone(string connectionId)
    {
        foreach (var listeners in byFeed.Values) listeners.TryRemove(connectionId, out _);
    }

    public IReadOnlyList<Listener> Of(string feed) => byFeed.TryGetValue(feed, out var listeners) ? [.. listeners.Values] : [];
}
