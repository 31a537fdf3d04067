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
public sealed class LiveHub(AppDbContext db, LiveFeedOperations feeds) : Hub
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
        var allowed = (Id(group, "project:"), Id(group, "fix-session:"), Id(group, "conversation:")) switch
        {
            ({ } projectId, _, _) => (await feeds.ProjectAsync(actor, projectId, ct)).Succeeded,
            (_, { } sessionId, _) => (await feeds.FixSessionAsync(actor, sessionId, ct)).Succeeded,
            (_, _, { } conversationId) => (await feeds.ConversationAsync(actor, conversationId, ct)).Succeeded,
            _ => false,
        };
        if (allowed) await Groups.AddToGroupAsync(Context.ConnectionId, group, ct);
        return allowed;
    }

    public Task LeaveGroup(string group) =>
        Id(group, "project:") is not null || Id(group, "fix-session:") is not null || Id(group, "conversation:") is not null ? Groups.RemoveFromGroupAsync(Context.ConnectionId, group) : Task.CompletedTask;

    /// <summary>The id of a group name such as <c>project:42</c>; the name is used as given only when it is exactly that form.</summary>
    private static long? Id(string group, string prefix) =>
        group.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(group.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && group == prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture) ? id : null;
}

/// <summary>Relays an assistant conversation's events to its hub group, as <c>assistant.{type}</c>.</summary>
public sealed class ConversationHubRelay(Assistant.Conversations.ConversationFeed feed, IHubContext<LiveHub> hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        feed.Subscribe((conversationId, evt) => hub.Clients.Group(LiveHub.ConversationGroup(conversationId)).SendAsync("assistant." + evt.Type, evt.Data));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Relays the in-process live events to the hub's project groups.</summary>
public sealed class LiveHubRelay(LiveNotifier notifier, IHubContext<LiveHub> hub) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.Subscribe(async e =>
        {
            var payload = new { e.ProjectId, e.IssueId, e.Title, e.Detail, e.FixSessionId };
            await hub.Clients.Group(LiveHub.ProjectGroup(e.ProjectId)).SendAsync(e.Name, payload);
            if (e.FixSessionId is { } session) await hub.Clients.Group(LiveHub.FixSessionGroup(session)).SendAsync(e.Name, payload);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}
