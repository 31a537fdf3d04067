using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using System.Security.Claims;

namespace BugSage.Server.Api;

/// <summary>Triage: change one issue or many, merge, delete and discard, and the activity log with comments.</summary>
public static class IssueTriageApi
{
    private const int MaxBulk = 1000;

    public sealed record MergeRequest([Required, MinLength(2), MaxLength(100)] long[] IssueIds);

    public sealed record MergeResult(long TargetId, IReadOnlyList<long> Merged);

    public sealed record BulkResult(int Updated);

    public sealed record UnmergeRequest([Required, MinLength(1), MaxLength(100)] string[] Hashes);

    public sealed record UnmergeResult(long IssueId);

    public sealed record CommentRequest([Required, MinLength(1), MaxLength(10_000)] string Text);

    public sealed record ActivityDto(long Id, string Kind, string Actor, long? ActorUserId, string? Data, DateTime CreatedAt);

    public static WebApplication MapIssueTriageApi(this WebApplication app)
    {
        app.MapPatch("/api/v1/issues/{issueId:long}", Update).WithTags("Issues")
            .WithName("UpdateIssue").WithSummary("Change status (resolve, ignore, reopen) and assignee")
            .Produces<IssueDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPatch("/api/v1/projects/{projectId:long}/issues", BulkUpdate).WithTags("Issues")
            .WithName("BulkUpdateIssues").WithSummary("Change many issues: ?id=1&id=2, or every match of ?query= (up to 1000)")
            .Produces<BulkResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapDelete("/api/v1/issues/{issueId:long}", Delete).WithTags("Issues")
            .WithName("DeleteIssue").WithSummary("Delete an issue and its events; ?discard=true drops its future events");
        app.MapPost("/api/v1/issues/merge", Merge).WithTags("Issues")
            .WithName("MergeIssues").WithSummary("Merge issues of one project into the one with the most events");
        app.MapPost("/api/v1/issues/{issueId:long}/unmerge", Unmerge).WithTags("Issues")
            .WithName("UnmergeIssue").WithSummary("Split fingerprints (see /grouping) out of an issue into a new one");
        app.MapGet("/api/v1/issues/{issueId:long}/comments", Activity).WithTags("Issues")
            .WithName("ListIssueActivity").WithSummary("The issue's activity: changes, regressions, merges and comments, oldest first");
        app.MapPost("/api/v1/issues/{issueId:long}/comments", Comment).WithTags("Issues")
            .WithName("CommentOnIssue").WithSummary("Add a comment");
        return app;
    }

    private static Actor ActorOf(AccessScope scope, HttpContext http) =>
        new(scope.UserId, http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown");

    private static async Task<IResult> Update(long issueId, JsonObject? body, AccessScope scope, AppDbContext db, IssueTriage triage,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        var (update, errors) = IssueUpdateRequest.Parse(body, clock.GetUtcNow().UtcDateTime);
        if (update is null) return TypedResults.ValidationProblem(errors);
        var orgId = found.Value.OrganizationId;
        if (await Refuse(orgId, update, scope, db, ct) is { } refused) return refused;
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        await triage.ApplyAsync([issue], update, ActorOf(scope, http), ct);
        return TypedResults.Ok(IssueDto.From(issue, found.Value.ProjectSlug));
    }

    private static async Task<IResult> BulkUpdate(long projectId, [FromQuery] long[]? id, [FromQuery] string? query, [FromBody] JsonObject? body, AccessScope scope,
        AppDbContext db, IssueTriage triage, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        var (update, errors) = IssueUpdateRequest.Parse(body, clock.GetUtcNow().UtcDateTime);
        if (update is null) return TypedResults.ValidationProblem(errors);
        if ((id is null || id.Length == 0) && string.IsNullOrWhiteSpace(query))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["give ids (?id=1&id=2) or a query (?query=…)"] });
        if (await Refuse(project.OrganizationId, update, scope, db, ct) is { } refused) return refused;

        // Ids first: the search query is no-tracking, and the issues must be tracked to be changed.
        var ids = id is { Length: > 0 }
            ? id.Distinct().ToList()
            : await IssueListQuery.Filter(db, projectId, IssueQuery.Parse(query), null, scope.UserId).OrderBy(i => i.Id).Select(i => i.Id).Take(MaxBulk).ToListAsync(ct);
        var targets = await db.Issues.Where(i => i.ProjectId == projectId && ids.Contains(i.Id)).OrderBy(i => i.Id).Take(MaxBulk).ToListAsync(ct);
        await triage.ApplyAsync(targets, update, ActorOf(scope, http), ct);
        return TypedResults.Ok(new BulkResult(targets.Count));
    }

    /// <summary>The 403 for a member whose role or token does not allow triage; null when it does.</summary>
    private static async Task<ProblemHttpResult?> RefuseTriage(long orgId, AccessScope scope, CancellationToken ct) =>
        await scope.CanAsync(orgId, Permission.IssueWrite, ct)
            ? null
            : TypedResults.Problem(title: "Your role does not allow triage", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Triage needs issue:write; an assignee must be a member of the issue's organization.</summary>
    private static async Task<IResult?> Refuse(long orgId, IssueUpdate update, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await RefuseTriage(orgId, scope, ct) is { } refused) return refused;
        if (update.AssigneeId is { } assignee && !await db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == assignee, ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["assigneeId"] = ["not a member of this organization"] });
        return null;
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long issueId, bool? discard, AccessScope scope,
        AppDbContext db, IssueMerger merger, AuditLog audit, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        var orgId = found.Value.OrganizationId;
        if (!await scope.CanAsync(orgId, Permission.ProjectWrite, ct))
            return TypedResults.Problem(title: "Deleting issues takes an admin", statusCode: StatusCodes.Status403Forbidden);
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        audit.Record(discard == true ? "issue.discarded" : "issue.deleted", orgId, target: $"{IssueDto.FormatShortId(found.Value.ProjectSlug, issue.ShortNumber)} {issue.Title}");
        await merger.DeleteAsync(issue, discard == true, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MergeResult>, NotFound, ValidationProblem, ProblemHttpResult>> Merge(MergeRequest request,
        AccessScope scope, AppDbContext db, IssueMerger merger, HttpContext http, CancellationToken ct)
    {
        var ids = request.IssueIds.Distinct().ToList();
        if (ids.Count < 2) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["issueIds"] = ["at least two different issues"] });
        var readable = await scope.ProjectsAsync(ct);
        var issues = await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id) && readable.Select(p => p.Id).Contains(i.ProjectId))
            .Select(i => new { i.Id, i.ProjectId }).ToListAsync(ct);
        if (issues.Count != ids.Count) return TypedResults.NotFound();
        if (issues.Select(i => i.ProjectId).Distinct().Count() > 1)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["issueIds"] = ["issues of one project only"] });
        var orgId = await db.Projects.Where(p => p.Id == issues[0].ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
        if (await RefuseTriage(orgId, scope, ct) is { } refused) return refused;
        var target = await merger.MergeAsync(ids, ActorOf(scope, http), ct);
        return TypedResults.Ok(new MergeResult(target.Id, ids.Where(i => i != target.Id).ToList()));
    }

    private static async Task<Results<Ok<UnmergeResult>, NotFound, ValidationProblem, ProblemHttpResult>> Unmerge(long issueId, UnmergeRequest request,
        AccessScope scope, AppDbContext db, IssueMerger merger, HttpContext http, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        if (await RefuseTriage(found.Value.OrganizationId, scope, ct) is { } refused) return refused;
        var own = await db.IssueHashes.Where(h => h.IssueId == issueId).Select(h => h.Hash).ToListAsync(ct);
        var hashes = request.Hashes.Distinct().ToList();
        if (hashes.Except(own).Any())
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hashes"] = ["every hash must be one of this issue's (see /grouping)"] });
        if (hashes.Count >= own.Count)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hashes"] = ["at least one fingerprint must stay with the issue"] });
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        var split = await merger.UnmergeAsync(issue, hashes, ActorOf(scope, http), ct);
        return TypedResults.Ok(new UnmergeResult(split.Id));
    }

    private static async Task<Results<Ok<Page<ActivityDto>>, NotFound>> Activity(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        var rows = await db.IssueActivities.AsNoTracking().Where(a => a.IssueId == issueId).OrderBy(a => a.Id).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(new Page<ActivityDto>(rows.Select(a => new ActivityDto(a.Id, a.Kind, a.Actor, a.ActorUserId, a.Data, a.CreatedAt)).ToList(), null));
    }

    private static async Task<Results<Created<ActivityDto>, NotFound, ProblemHttpResult>> Comment(long issueId, CommentRequest request,
        AccessScope scope, AppDbContext db, IssueTriage triage, HttpContext http, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        if (await RefuseTriage(found.Value.OrganizationId, scope, ct) is { } refused) return refused;
        var comment = await triage.CommentAsync(found.Value.Issue, request.Text, ActorOf(scope, http), ct);
        return TypedResults.Created($"/api/v1/issues/{issueId}/comments", new ActivityDto(comment.Id, comment.Kind, comment.Actor, comment.ActorUserId, comment.Data, comment.CreatedAt));
    }
}
