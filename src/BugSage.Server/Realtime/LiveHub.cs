using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BugSage.Server.Realtime;

/// <summary>
/// The SignalR hub at <c>/hubs/live</c>: a client subscribes to projects it can read and then
/// receives their <c>issue.created</c>, <c>issue.updated</c> and <c>issue.regressed</c> events,
/// the same ones the SSE stream serves. Browsers use the dashboard cookie; other clients a bearer
/// token (in <c>access_token</c> for WebSockets, which cannot send headers).
/// </summary>
[Authorize(AuthenticationSchemes = BearerAuthenticationHandler.SchemeName + "," + DashboardAuth.Scheme)]
public sealed class LiveHub(AppDbContext db) : Hub
{
    public const string Path = "/hubs/live";

    public static string ProjectGroup(long projectId) => $"project:{projectId}";

    /// <summary>Joins the project's group; false (and nothing joined) for a project the caller cannot read.</summary>
    public async Task<bool> Subscribe(long projectId)
    {
        var scope = new AccessScope(db, new HttpContextAccessor { HttpContext = Context.GetHttpContext() });
        if (!await scope.CanReadProjectAsync(projectId, Context.ConnectionAborted)) return false;
        await Groups.AddToGroupAsync(Context.ConnectionId, ProjectGroup(projectId), Context.ConnectionAborted);
        return true;
    }

    public Task Unsubscribe(long projectId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, ProjectGroup(projectId));
}

/// <summary>Relays the in-process live events to the hub's project groups.</summary>
public sealed class LiveHubRelay(LiveNotifier notifier, IHubContext<LiveHub> hub) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.Subscribe(e => new ValueTask(
            hub.Clients.Group(LiveHub.ProjectGroup(e.ProjectId)).SendAsync(e.Name, new { e.ProjectId, e.IssueId, e.Title })));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}
