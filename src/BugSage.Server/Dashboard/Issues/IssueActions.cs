using System.Globalization;
using BugSage.Core.Issues;
using BugSage.Server.Analyses;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.Issues;
using BugSage.Server.Projects;
using BugSage.Server.SourceMaps;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Issues;

/// <summary>
/// The issue pages' form posts: triage, comments, merges, analyses and reprocessing. Each checks the form's
/// antiforgery token, runs one operation and sends the browser back to the page it came from,
/// with the reason when it was refused.
/// </summary>
public static class IssueActions
{
    public static WebApplication MapIssueActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapGet("/go", (long? project) => Results.LocalRedirect(project is { } id ? $"/projects/{id}/issues" : "/"));
        group.MapGet("/projects/{projectId:long}/stats", StatsAsync);
        group.MapPost("/projects/{projectId:long}/issues/bulk", BulkAsync);
        group.MapPost("/issues/{issueId:long}/status", StatusAsync);
        group.MapPost("/issues/{issueId:long}/comments", CommentAsync);
        group.MapPost("/issues/{issueId:long}/merge", MergeWithAsync);
        group.MapPost("/issues/{issueId:long}/analysis", AnalyseAsync);
        group.MapPost("/issues/{issueId:long}/reprocess", ReprocessAsync);
        return app;
    }

    /// <summary>The overview's counters, for the page to refresh them as events arrive.</summary>
    private static async Task<IResult> StatsAsync(long projectId, AccessScope actor, ProjectOperations projects, CancellationToken ct)
    {
        var found = await projects.OverviewAsync(actor, projectId, ct);
        if (!found.Succeeded) return Results.NotFound();
        var o = found.Value.Overview;
        return Results.Json(new Dictionary<string, string>
        {
            ["events-per-minute"] = ProjectOverview.Rate(o.EventsPerMinute),
            ["new-issues"] = o.NewIssues24h.ToString(CultureInfo.InvariantCulture),
            ["unresolved"] = o.Unresolved.ToString(CultureInfo.InvariantCulture),
            ["regressed"] = o.Regressed.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static async Task<IResult> BulkAsync(long projectId, [FromForm] long[]? id, [FromForm] string? action, [FromForm] long? assignee, [FromForm] string? returnUrl,
        AccessScope actor, ProjectAccess access, IssueTriageOperations triage, CancellationToken ct)
    {
        var back = AccountEndpoints.LocalPath(returnUrl);
        if (!await access.SeesProjectAsync(actor, projectId, ct)) return Results.NotFound();
        var ids = (id ?? []).Distinct().Take(IssueTriageOperations.MaxBulk).ToList();
        if (ids.Count == 0) return FormAnswers.Back(back, "Select at least one issue first.");
        var selection = new IssueSelection(ids, null);
        if (action == "merge") return (await triage.MergeSelectedAsync(actor, projectId, selection, ct)).ToForm(back);
        if (UpdateFor(action, actor.UserId, assignee) is not { } update) return FormAnswers.Back(back, "Unknown action.");
        return (await triage.BulkUpdateAsync(actor, projectId, selection, update, ct)).ToForm(back);
    }

    private static async Task<IResult> StatusAsync(long issueId, [FromForm] string? action, [FromForm] long? assignee, AccessScope actor, IssueOperations issues,
        IssueTriageOperations triage, CancellationToken ct)
    {
        if (await PageOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        if (UpdateFor(action, actor.UserId, assignee) is not { } update) return FormAnswers.Back(back, "Unknown action.");
        return (await triage.UpdateAsync(actor, issueId, update, ct)).ToForm(back);
    }

    private static async Task<IResult> CommentAsync(long issueId, [FromForm] string? text, AccessScope actor, IssueOperations issues, IssueTriageOperations triage, CancellationToken ct)
    {
        if (await PageOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        return (await triage.CommentAsync(actor, issueId, text?.Trim() ?? "", ct)).ToForm(back, _ => back + "#activity");
    }

    private static async Task<IResult> AnalyseAsync(long issueId, AccessScope actor, IssueOperations issues, AnalysisOperations analyses, CancellationToken ct)
    {
        if (await PageOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        return (await analyses.StartAsync(actor, issueId, ct)).ToForm(back, _ => back + "#analysis");
    }

    private static async Task<IResult> MergeWithAsync(long issueId, [FromForm] long other, AccessScope actor, IssueOperations issues, IssueTriageOperations triage, CancellationToken ct)
    {
        if (await PageOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        var projectPath = back[..back.LastIndexOf('/')];
        return (await triage.MergeWithAsync(actor, issueId, other, ct)).ToForm(back, merged => $"{projectPath}/{merged.TargetId}");
    }

    /// <summary>Maps the issue's events again; when they joined another issue, the browser goes to that one.</summary>
    private static async Task<IResult> ReprocessAsync(long issueId, AccessScope actor, IssueOperations issues, ReprocessOperations reprocess, CancellationToken ct)
    {
        if (await PageOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        var projectPath = back[..back.LastIndexOf('/')];
        return (await reprocess.IssueAsync(actor, issueId, before: null, ct)).ToForm(back, r => r.IssueId is { } now && now != issueId ? $"{projectPath}/{now}" : back);
    }

    /// <summary>The issue's page, when the actor can see the issue: where its forms send the browser back.</summary>
    private static async Task<string?> PageOfAsync(AccessScope actor, IssueOperations issues, long issueId, CancellationToken ct) =>
        (await issues.GetAsync(actor, issueId, ct)).Value is { } issue ? $"/projects/{issue.ProjectId}/issues/{issue.Id}" : null;

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
}
