using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.LiveFeeds;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BugSage.Server.Realtime;

/// <summary>
/// The SignalR hub at <c>/hubs/live</c>: a client joins the groups (<c>project:{id}</c>) of projects it can read and then
/// receives their <c>issue.created</c>, <c>issue.updated</c> and <c>issue.regressed</c> events,
/// the same ones the SSE stream serves; <c>fix-session:{id}</c> carries one fix session's
/// <c>fix-session.progress</c>, <c>fix-session.completed</c> and <c>fix-session.updated</c>. Browsers use the dashboard cookie; other clients a bearer
/// token (in <c>access_token</c> for WebSockets, which cannot send headers).
/// </summary>
[Authorize(AuthenticationSchemes = BearerAuthenticationHandler.SchemeName + "," + DashboardAuth.Scheme)]
public sealed class LiveHub(AppDbContext db, LiveFeedOperations feeds, LiveListeners listeners) : Hub
{
    public const string Path = BearerAuthenticationHandler.LiveHubPath;

    public static string ProjectGroup(long projectId) => $"project:{projectId}";

    public static string FixSessionGroup(long sessionId) => $"fix-session:{sessionId}";

    /// <summary>One assistant conversation's events (<c>assistant.delta</c>, <c>assistant.tool_call</c>, …), for the person it belongs to.</summary>
    public static string ConversationGroup(long conversationId) => $"conversation:{conversationId}";

    /// <summary>
    /// Joins a group (<c>project:{id}</c>, <c>fix-session:{id}</c>) the caller can read; false, and
    /// nothing joined, for anything else: another tenant's project or session, an unknown group.
    /// </summary>
    public async Task<bool> JoinGroup(string group)
    {
        var actor = new AccessScope(db, new HttpContextAccessor { HttpContext = Context.GetHttpContext() });
        var ct = Context.ConnectionAborted;
        // The project whose access decides the feed; a conversation is its owner's alone and has none.
        var decided = (Id(group, "project:"), Id(group, "fix-session:"), Id(group, "conversation:")) switch
        {
            ({ } projectId, _, _) => (await feeds.ProjectAsync(actor, projectId, ct)) is { Succeeded: true } p ? (true, (long?)p.Value) : (false, null),
            (_, { } sessionId, _) => (await feeds.FixSessionAsync(actor, sessionId, ct)) is { Succeeded: true } s ? (true, (long?)s.Value) : (false, null),
            (_, _, { } conversationId) => ((await feeds.ConversationAsync(actor, conversationId, ct)).Succeeded, null),
            _ => (false, null),
        };
        if (decided.Item1) listeners.Join(group, new LiveListeners.Listener(Context.ConnectionId, Context.User ?? new System.Security.Claims.ClaimsPrincipal(), decided.Item2));
        return decided.Item1;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        listeners.Gone(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public void LeaveGroup(string group) => listeners.Leave(group, Context.ConnectionId);

    /// <summary>The id of a group name such as <c>project:42</c>; the name is used as given only when it is exactly that form.</summary>
    private static long? Id(string group, string prefix) =>
        group.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(group.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && group == prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture) ? id : null;
}

/// <summary>Relays an assistant conversation's events to its listeners, as <c>assistant.{type}</c>, while they are still signed in.</summary>
public sealed class ConversationHubRelay(Assistant.Conversations.ConversationFeed feed, LiveRelay relay) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        feed.Subscribe((conversationId, evt) => relay.SendAsync(LiveHub.ConversationGroup(conversationId), "assistant." + evt.Type, evt.Data));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Relays the in-process live events to the listeners of their project and fix session.</summary>
public sealed class LiveHubRelay(LiveNotifier notifier, LiveRelay relay) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.Subscribe(async e =>
        {
            var payload = new { e.ProjectId, e.IssueId, e.Title, e.Detail, e.FixSessionId };
            await relay.SendAsync(LiveHub.ProjectGroup(e.ProjectId), e.Name, payload);
            if (e.FixSessionId is { } session) await relay.SendAsync(LiveHub.FixSessionGroup(session), e.Name, payload);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Sends one event to each listener of a feed who may still read it, asking again for every event as
/// the SSE stream does; a listener who may no longer is dropped from the feed and hears nothing more.
/// </summary>
public sealed class LiveRelay(LiveListeners listeners, StreamAccess access, IHubContext<LiveHub> hub, ILogger<LiveRelay> log)
{
    public async Task SendAsync(string feed, string name, object payload)
    {
        foreach (var listener in listeners.Of(feed))
        {
            try
            {
                var allowed = listener.ProjectId is { } projectId
                    ? await access.StillAllowedAsync(listener.User, projectId, CancellationToken.None)
                    : await access.StillSignedInAsync(listener.User, CancellationToken.None);
                if (allowed) await hub.Clients.Client(listener.ConnectionId).SendAsync(name, payload);
                else listeners.Leave(feed, listener.ConnectionId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One listener's failure (a closed connection, a database hiccup) must not keep the event from the others.
                log.LogWarning(e, "Could not relay {Event} to a listener of {Feed}", name, feed);
            }
        }
    }
}
