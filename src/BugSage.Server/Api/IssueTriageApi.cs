using System.Text.Json.Nodes;
using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="IssueTriageOperations"/>: change one issue or many, merge, delete and discard, and the activity log with comments.</summary>
public static class IssueTriageApi
{
    public static IEndpointRouteBuilder MapIssueTriageApi(this IEndpointRouteBuilder app)
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

    /// <summary>The services a triage handler uses beside its input.</summary>
    private sealed record Triage(AccessScope Actor, IssueTriageOperations Operations, IssueOperations Issues, ProjectAccess Access, TimeProvider Clock);

    private static async Task<IResult> Update(long issueId, JsonObject? body, [AsParameters] Triage triage, CancellationToken ct)
    {
        // An outsider learns nothing from a validation answer: the issue is found first.
        var found = await triage.Issues.GetAsync(triage.Actor, issueId, ct);
        if (!found.Succeeded) return found.ToHttp();
        var (update, errors) = IssueUpdateRequest.Parse(body, triage.Clock.GetUtcNow().UtcDateTime);
        if (update is null) return TypedResults.ValidationProblem(errors);
        return (await triage.Operations.UpdateAsync(triage.Actor, issueId, update, ct)).ToHttp();
    }

    private static async Task<IResult> BulkUpdate(long projectId, [FromQuery] long[]? id, [FromQuery] string? query, [FromBody] JsonObject? body,
        [AsParameters] Triage triage, CancellationToken ct)
    {
        if (!await triage.Access.SeesProjectAsync(triage.Actor, projectId, ct)) return TypedResults.NotFound();
        var (update, errors) = IssueUpdateRequest.Parse(body, triage.Clock.GetUtcNow().UtcDateTime);
        if (update is null) return TypedResults.ValidationProblem(errors);
        return (await triage.Operations.BulkUpdateAsync(triage.Actor, projectId, new IssueSelection(id, query), update, ct)).ToHttp();
    }

    private static async Task<IResult> Delete(long issueId, bool? discard, AccessScope actor, IssueTriageOperations triage, CancellationToken ct) =>
        (await triage.DeleteAsync(actor, issueId, discard == true, ct)).ToNoContent();

    private static async Task<IResult> Merge(MergeRequest request, AccessScope actor, IssueTriageOperations triage, CancellationToken ct) =>
        (await triage.MergeAsync(actor, request.IssueIds, ct)).ToHttp();

    private static async Task<IResult> Unmerge(long issueId, UnmergeRequest request, AccessScope actor, IssueTriageOperations triage, CancellationToken ct) =>
        (await triage.UnmergeAsync(actor, issueId, request.Hashes, ct)).ToHttp();

    private static async Task<OperationAnswer<Page<ActivityDto>>> Activity(long issueId, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.ActivityAsync(actor, issueId, ct)).ToHttp();

    private static async Task<IResult> Comment(long issueId, CommentRequest request, AccessScope actor, IssueTriageOperations triage, CancellationToken ct) =>
        (await triage.CommentAsync(actor, issueId, request.Text, ct)).ToHttp(_ => $"/api/v1/issues/{issueId}/comments");
}
