using System.Security.Claims;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Dashboard;

/// <summary>
/// The dashboard's form posts: triage, comments and merges. Each one checks the form's
/// antiforgery token, the caller's access (404 outside their organizations) and permission
/// (issue:write), runs the same domain operation as the API, then sends the browser back to the
/// page it came from, with the reason when it was refused.
/// </summary>
public static class DashboardActions
{
    private const int MaxBulk = 1000;

    public static WebApplication MapDashboardActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapGet("/go", (long? project) => Results.LocalRedirect(project is { } id ? $"/projects/{id}/issues" : "/"));
        group.MapGet("/projects/{projectId:long}/stats", StatsAsync);
        group.MapPost("/projects/{projectId:long}/issues/bulk", BulkAsync);
        group.MapPost("/issues/{issueId:long}/status", StatusAsync);
        group.MapPost("/issues/{issueId:long}/comments", CommentAsync);
        group.MapPost("/issues/{issueId:long}/merge", MergeWithAsync);
        group.MapPost("/issues/{issueId:long}/analysis", AnalyseAsync);
        group.MapPost("/projects", CreateProjectAsync);
        group.MapPost("/projects/{projectId:long}/keys/{keyId:long}", KeyAsync);
        group.MapPost("/projects/{projectId:long}/settings", SettingsAsync);
        group.MapPost("/tokens/{tokenId:long}/revoke", RevokeTokenAsync);
        group.MapPost("/organizations/{orgId:long}/members/{userId:long}", MemberAsync);
        return app;
    }

    /// <summary>The overview's counters, for the page to refresh them as events arrive.</summary>
    private static async Task<IResult> StatsAsync(long projectId, AccessScope scope, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await scope.ProjectAsync(projectId, ct) is null) return Results.NotFound();
        var o = await Overview.ProjectOverview.LoadAsync(db, projectId, clock.GetUtcNow().UtcDateTime, ct);
        return Results.Json(new Dictionary<string, string>
        {
            ["events-per-minute"] = Overview.ProjectOverview.Rate(o.EventsPerMinute),
            ["new-issues"] = o.NewIssues24h.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unresolved"] = o.Unresolved.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["regressed"] = o.Regressed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static async Task<IResult> BulkAsync(long projectId, [FromForm] long[]? id, [FromForm] string? action, [FromForm] long? assignee, [FromForm] string? returnUrl,
        AccessScope scope, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var back = AccountEndpoints.LocalPath(returnUrl);
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return Results.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.IssueWrite, ct)) return Back(back, "Your role does not allow triage.");
        var ids = (id ?? []).Distinct().Take(MaxBulk).ToList();
        if (ids.Count == 0) return Back(back, "Select at least one issue first.");
        var issues = await db.Issues.Where(i => i.ProjectId == projectId && ids.Contains(i.Id)).ToListAsync(ct);
        if (action == "merge")
        {
            if (issues.Count < 2) return Back(back, "Select at least two issues to merge.");
            await new IssueMerger(db, clock).MergeAsync(issues.Select(i => i.Id).ToList(), ActorOf(http, scope), ct);
            return Results.LocalRedirect(back);
        }
        if (UpdateFor(action, scope.UserId, assignee) is not { } update) return Back(back, "Unknown action.");
        if (!await IsAssignableAsync(db, project.OrganizationId, update, ct)) return Back(back, "Choose a member of this organization to assign.");
        await new IssueTriage(db, clock).ApplyAsync(issues, update, ActorOf(http, scope), ct);
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> StatusAsync(long issueId, [FromForm] string? action, [FromForm] long? assignee, AccessScope scope, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (issue, refusal) = await WritableAsync(issueId, scope, db, ct);
        if (issue is null) return refusal!;
        var back = PageOf(issue);
        if (UpdateFor(action, scope.UserId, assignee) is not { } update) return Back(back, "Unknown action.");
        var orgId = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
        if (!await IsAssignableAsync(db, orgId, update, ct)) return Back(back, "Choose a member of this organization to assign.");
        await new IssueTriage(db, clock).ApplyAsync([issue], update, ActorOf(http, scope), ct);
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> CommentAsync(long issueId, [FromForm] string? text, AccessScope scope, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (issue, refusal) = await WritableAsync(issueId, scope, db, ct);
        if (issue is null) return refusal!;
        var back = PageOf(issue);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10_000) return Back(back, "A comment needs 1 to 10,000 characters.");
        await new IssueTriage(db, clock).CommentAsync(issue, text.Trim(), ActorOf(http, scope), ct);
        return Results.LocalRedirect(back + "#activity");
    }

    private static async Task<IResult> AnalyseAsync(long issueId, AccessScope scope, AppDbContext db, Core.Analysis.AnalysisWorker worker, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (issue, refusal) = await WritableAsync(issueId, scope, db, ct);
        if (issue is null) return refusal!;
        await Api.AnalysisApi.QueueAsync(db, worker, clock, issue.Id, issue.ProjectId, http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown", ct);
        return Results.LocalRedirect(PageOf(issue) + "#analysis");
    }

    private static async Task<IResult> MergeWithAsync(long issueId, [FromForm] long other, AccessScope scope, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (issue, refusal) = await WritableAsync(issueId, scope, db, ct);
        if (issue is null) return refusal!;
        if (!await db.Issues.AnyAsync(i => i.Id == other && i.ProjectId == issue.ProjectId && i.Id != issueId, ct))
            return Back(PageOf(issue), "That issue is not in this project.");
        var target = await new IssueMerger(db, clock).MergeAsync([issueId, other], ActorOf(http, scope), ct);
        return Results.LocalRedirect(PageOf(target));
    }

    private static async Task<IResult> CreateProjectAsync([FromForm] long organizationId, [FromForm] string? name,
        AccessScope scope, AppDbContext db, AuditLog audit, TimeProvider clock, Core.Alerts.DefaultAlertRules alertRules, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(organizationId, ct)) return Results.NotFound();
        var current = await (await scope.ProjectsAsync(ct)).Where(p => p.OrganizationId == organizationId).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        var back = current is { } id ? $"/projects/{id}/settings" : "/";
        if (!await scope.CanAsync(organizationId, Permission.ProjectWrite, ct)) return Back(back, "Your role does not allow creating projects.");
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) return Back(back, "A project needs a name of 1 to 100 characters.");
        var project = await Api.ProjectsApi.CreateProjectAsync(db, audit, clock, alertRules, organizationId, name, null, ct);
        return Results.LocalRedirect($"/projects/{project.Id}/settings?done={Uri.EscapeDataString($"Created {project.Name}. Its DSN is below.")}");
    }

    private static async Task<IResult> KeyAsync(long projectId, long keyId, [FromForm] string? action,
        AccessScope scope, AppDbContext db, AuditLog audit, Core.Ingestion.ProjectKeyCache cache, TimeProvider clock, CancellationToken ct)
    {
        var back = $"/projects/{projectId}/settings";
        var (access, project, key) = await Api.ProjectsApi.FindKeyAsync(projectId, keyId, scope, db, ct);
        if (access == Api.ProjectsApi.KeyAccess.NotFound) return Results.NotFound();
        if (access == Api.ProjectsApi.KeyAccess.Forbidden) return Back(back, "Your role does not allow managing keys.");
        switch (action)
        {
            case "rotate":
                await Api.ProjectsApi.RotateAsync(db, audit, cache, clock, project!, key!, ct);
                return Results.LocalRedirect($"{back}?done={Uri.EscapeDataString("Rotated: the old DSN no longer works; use the new one.")}");
            case "revoke":
                await Api.ProjectsApi.RevokeAsync(db, audit, cache, project!, key!, ct);
                return Results.LocalRedirect($"{back}?done={Uri.EscapeDataString("Revoked: SDKs using that DSN are refused.")}");
            default:
                return Back(back, "Unknown action.");
        }
    }

    private static async Task<IResult> SettingsAsync(long projectId, [FromForm] string? section, [FromForm] string? fingerprintRules,
        [FromForm] string? sensitiveFields, [FromForm] string? safeFields, [FromForm] bool? scrubIpAddresses,
        AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        var back = $"/projects/{projectId}/settings";
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return Results.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return Back(back, "Your role does not allow changing project settings.");
        // Each form sends its own fields; an unticked checkbox sends nothing, so the section says which form it was.
        var change = section switch
        {
            "grouping" => new Api.ProjectSettingsApi.ProjectSettingsChange(null, fingerprintRules ?? "", null, null, null),
            "scrubbing" => new Api.ProjectSettingsApi.ProjectSettingsChange(null, null, sensitiveFields ?? "", safeFields ?? "", scrubIpAddresses ?? false),
            _ => null,
        };
        if (change is null) return Back(back, "Unknown settings form.");
        if (await Api.ProjectSettingsApi.ApplyAsync(db, audit, project, change, ct) is { } errors)
            return Back(back, string.Join(" ", errors.Values.SelectMany(e => e)));
        return Results.LocalRedirect($"{back}?done={Uri.EscapeDataString("Saved. New events follow the new settings.")}");
    }

    private static async Task<IResult> RevokeTokenAsync(long tokenId, AccessScope scope, AppDbContext db, AuditLog audit,
        ApiTokenValidator validator, TimeProvider clock, CancellationToken ct) =>
        await Api.TokensApi.RevokeAsync(db, audit, validator, clock, scope.UserId, tokenId, ct)
            ? Results.LocalRedirect("/settings/tokens")
            : Results.NotFound();

    private static async Task<IResult> MemberAsync(long orgId, long userId, [FromForm] string? action, [FromForm] string? role, [FromForm] string? returnUrl,
        AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        var back = AccountEndpoints.LocalPath(returnUrl);
        if (!await scope.IsMemberAsync(orgId, ct)) return Results.NotFound();
        IResult result = action switch
        {
            "role" => await Api.OrganizationsApi.Change(orgId, userId, new Api.OrganizationsApi.ChangeRole(role ?? ""), scope, db, audit, ct),
            "remove" => (await Api.OrganizationsApi.Remove(orgId, userId, scope, db, audit, ct)).Result,
            _ => Results.BadRequest(),
        };
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status404NotFound }) return Results.NotFound();
        if (Refusal(result) is { } refused) return Back(back, refused);
        return Results.LocalRedirect(back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + Uri.EscapeDataString(action == "remove" ? "Removed." : "Role changed."));
    }

    /// <summary>What an API handler's refusal says, for a person; null when it succeeded.</summary>
    internal static string? Refusal(IResult result) => result switch
    {
        ProblemHttpResult problem => problem.ProblemDetails.Title,
        ValidationProblem invalid => string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value)),
        IStatusCodeHttpResult { StatusCode: >= 400 } status => status.StatusCode == StatusCodes.Status404NotFound ? "Not found" : "Not allowed.",
        _ => null,
    };

    /// <summary>An assignee must be a member of the issue's organization, as in the API.</summary>
    private static async Task<bool> IsAssignableAsync(AppDbContext db, long orgId, IssueUpdate update, CancellationToken ct) =>
        update.AssigneeId is not { } assignee || await db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == assignee, ct);

    private static IssueUpdate? UpdateFor(string? action, long userId, long? assignee) => action switch
    {
        "assign" when assignee is not null => new IssueUpdate { SetsAssignee = true, AssigneeId = assignee },
        "resolve" => new IssueUpdate { Status = IssueStatus.Resolved },
        "resolve-next" => new IssueUpdate { Status = IssueStatus.Resolved, ResolveInNextRelease = true },
        "ignore" => new IssueUpdate { Status = IssueStatus.Ignored, Ignore = new IgnoreCondition() },
        "ignore-escalating" => new IssueUpdate { Status = IssueStatus.Ignored, Ignore = new IgnoreCondition(UntilEscalating: true) },
        "unresolve" => new IssueUpdate { Status = IssueStatus.Unresolved },
        "assign-me" => new IssueUpdate { SetsAssignee = true, AssigneeId = userId },
        "unassign" => new IssueUpdate { SetsAssignee = true, AssigneeId = null },
        _ => null,
    };

    /// <summary>
    /// The issue, tracked for changes, when the caller may change it; otherwise the answer: 404
    /// when they cannot see it, back to its page with the reason when their role may not triage.
    /// </summary>
    private static async Task<(Issue? Issue, IResult? Refusal)> WritableAsync(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await Api.IssuesApi.FindAsync(issueId, scope, db, ct) is not { } found) return (null, Results.NotFound());
        if (!await scope.CanAsync(found.OrganizationId, Permission.IssueWrite, ct)) return (null, Back(PageOf(found.Issue), "Your role does not allow changing issues."));
        return (await db.Issues.FirstAsync(i => i.Id == issueId, ct), null);
    }

    private static string PageOf(Issue issue) => $"/projects/{issue.ProjectId}/issues/{issue.Id}";

    private static Actor ActorOf(HttpContext http, AccessScope scope) =>
        new(scope.UserId, http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown");

    /// <summary>
    /// An API operation's answer as a form's: success back to <paramref name="page"/>; a refusal back
    /// with its reason (a problem's title, a validation problem's messages); not found stays 404.
    /// </summary>
    internal static IResult Outcome(IResult result, string page) => result switch
    {
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => Results.LocalRedirect(page),
        ValidationProblem invalid => Back(page, string.Join("; ", invalid.ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))),
        ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails details } => Back(page, string.Join("; ", details.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))),
        ProblemHttpResult problem => Back(page, problem.ProblemDetails.Title ?? "Refused."),
        ForbidHttpResult => Back(page, "Your role does not allow this."),
        _ => Results.NotFound(),
    };

    /// <summary>What a request record's validation attributes say of it, as the API's own binding would.</summary>
    internal static Dictionary<string, string[]> Invalid(object request)
    {
        var type = request.GetType();
        var errors = new Dictionary<string, string[]>();
        foreach (var parameter in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
        {
            var value = type.GetProperty(parameter.Name!)?.GetValue(request);
            foreach (var rule in parameter.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.ValidationAttribute), true).Cast<System.ComponentModel.DataAnnotations.ValidationAttribute>())
                if (!rule.IsValid(value)) errors[parameter.Name!] = [rule.FormatErrorMessage(parameter.Name!)];
        }
        return errors;
    }

    internal static IResult Back(string url, string error)
    {
        var path = url.Split('#')[0];
        return Results.LocalRedirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + Uri.EscapeDataString(error));
    }
}
