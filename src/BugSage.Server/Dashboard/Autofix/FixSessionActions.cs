using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.FixSessions;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Autofix;

/// <summary>
/// The dashboard's fix-session forms: start a session for an issue, approve a validated
/// candidate, reject, apply, cancel. Each runs one operation (permission checks, audit and
/// activity there) and sends the browser back to the session page, with the reason when it was refused.
/// </summary>
public static class FixSessionActions
{
    public static WebApplication MapFixSessionActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/issues/{issueId:long}/fix-sessions", StartAsync);
        group.MapPost("/fix-sessions/{sessionId:long}/approve", async (long sessionId, [FromForm] int? candidateId, [FromForm] string? comment, AccessScope actor,
            FixSessionOperations sessions, CancellationToken ct) =>
            (await sessions.ApproveAsync(actor, sessionId, new Decision(candidateId, comment), ct)).ToForm(Page(sessionId)));
        group.MapPost("/fix-sessions/{sessionId:long}/reject", async (long sessionId, [FromForm] string? comment, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
            (await sessions.RejectAsync(actor, sessionId, comment, ct)).ToForm(Page(sessionId)));
        group.MapPost("/fix-sessions/{sessionId:long}/apply", async (long sessionId, AccessScope actor, FixSessionOperations sessions, Hosting.PublicUrl publicUrl,
            HttpRequest request, CancellationToken ct) =>
            (await sessions.ApplyAsync(actor, sessionId, publicUrl.Resolve(request), ct)).ToForm(Page(sessionId)));
        group.MapPost("/fix-sessions/{sessionId:long}/cancel", async (long sessionId, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
            (await sessions.CancelAsync(actor, sessionId, ct)).ToForm(Page(sessionId)));
        return app;
    }

    private static async Task<IResult> StartAsync(long issueId, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.StartAsync(actor, issueId, ct)).ToForm($"/issues/{issueId}", started => $"/fix-sessions/{started.Id}");

    private static string Page(long sessionId) => $"/fix-sessions/{sessionId}";
}
