using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BugSage.Server.Realtime;

/// <summary>
/// The SignalR hub at <c>/hubs/live</c>: a client joins the groups (<c>project:{id}</c>) of projects it can read and then
/// receives their <c>issue.created</c>, <c>issue.updated</c> and <c>issue.regressed</c> events,
/// the same ones the SSE stream serves. Browsers use the dashboard cookie; other clients a bearer
/// token (in <c>access_token</c> for WebSockets, which cannot send headers).
/// </summary>
[Authorize(AuthenticationSchemes = BearerAuthenticationHandler.SchemeName + "," + DashboardAuth.Scheme)]
public sealed class LiveHub(AppDbContext db) : Hub
{
    public const string Path = "/hubs/live";

    public static string ProjectGroup(long projectId) => $"project:{projectId}";

    /// <summary>
    /// Joins a group (<c>project:{id}</c>) the caller can read; false, and nothing joined, for
    /// anything else: another tenant's project, an unknown group.
    /// </summary>
    public async Task<bool> JoinGroup(string group)
    {
        if (ProjectOf(group) is not { } projectId) return false;
        var scope = new AccessScope(db, new HttpContextAccessor { HttpContext = Context.GetHttpContext() });
        if (!await scope.CanReadProjectAsync(projectId, Context.ConnectionAborted)) return false;
        await Groups.AddToGroupAsync(Context.ConnectionId, ProjectGroup(projectId), Context.ConnectionAborted);
        return true;
    }

    public Task LeaveGroup(string group) =>
        ProjectOf(group) is { } projectId ? Groups.RemoveFromGroupAsync(Context.ConnectionId, ProjectGroup(projectId)) : Task.CompletedTask;

    private static long? ProjectOf(string group) =>
        group.StartsWith("project:", StringComparison.Ordinal) && long.TryParse(group.AsSpan(8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>Relays the in-process live events to the hub's project groups.</summary>
public sealed class LiveHubRelay(LiveNotifier notifier, IHubContext<LiveHub> hub) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.Subscribe(e => new ValueTask(
            hub.Clients.Group(LiveHub.ProjectGroup(e.ProjectId)).SendAsync(e.Name, new { e.ProjectId, e.IssueId, e.Title, e.Detail })));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}
