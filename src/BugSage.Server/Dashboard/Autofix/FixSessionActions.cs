using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Api;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Autofix;

/// <summary>
/// The dashboard's fix-session forms: start a session for an issue, approve a validated
/// candidate, reject, apply, cancel. Each runs the API's own operation (same permission checks,
/// audit and activity) and sends the browser back to the session page, with the reason when it
/// was refused.
/// </summary>
public static class FixSessionActions
{
    public static WebApplication MapFixSessionActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/issues/{issueId:long}/fix-sessions", StartAsync);
        group.MapPost("/fix-sessions/{sessionId:long}/approve", async (long sessionId, [FromForm] int? candidateId, [FromForm] string? comment, AccessScope scope, AppDbContext db,
            AuditLog audit, LiveNotifier notifier, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            Outcome(await FixSessionsApi.Approve(sessionId, new FixSessionsApi.Decision(candidateId, comment), scope, db, audit, notifier, clock, http, ct), sessionId));
        group.MapPost("/fix-sessions/{sessionId:long}/reject", async (long sessionId, [FromForm] string? comment, AccessScope scope, AppDbContext db,
            AuditLog audit, LiveNotifier notifier, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            Outcome(await FixSessionsApi.Reject(sessionId, new FixSessionsApi.Decision(null, comment), scope, db, audit, notifier, clock, http, ct), sessionId));
        group.MapPost("/fix-sessions/{sessionId:long}/apply", async (long sessionId, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, FixDelivery delivery,
            Hosting.PublicUrl publicUrl, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            Outcome(await FixSessionsApi.Apply(sessionId, scope, db, audit, notifier, delivery, publicUrl, clock, http, ct), sessionId));
        group.MapPost("/fix-sessions/{sessionId:long}/cancel", async (long sessionId, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, CancellationToken ct) =>
            Outcome(await FixSessionsApi.Cancel(sessionId, scope, db, audit, notifier, ct), sessionId));
        return app;
    }

    private static async Task<IResult> StartAsync(long issueId, AccessScope scope, AppDbContext db, FixSessionWorker worker, LiveNotifier notifier, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var result = await FixSessionsApi.Start(issueId, scope, db, worker, notifier, clock, http, ct);
        return result switch
        {
            Accepted<FixSessionsApi.FixSessionSummary> { Value: { } started } => Results.LocalRedirect($"/fix-sessions/{started.Id}"),
            ProblemHttpResult problem => DashboardActions.Back($"/issues/{issueId}", problem.ProblemDetails.Title ?? "Refused."),
            _ => Results.NotFound(),
        };
    }

    /// <summary>Back to the session page; a refusal's reason becomes the page's error line.</summary>
    private static IResult Outcome(IResult result, long sessionId) => DashboardActions.Outcome(result, $"/fix-sessions/{sessionId}");
}
