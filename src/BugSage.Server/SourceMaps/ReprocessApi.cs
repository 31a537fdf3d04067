using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.SourceMaps;

/// <summary>REST adapter for <see cref="ReprocessOperations"/>: map stored events again after their source maps arrived.</summary>
public static class ReprocessApi
{
    public static RouteGroupBuilder MapReprocessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Source maps");
        group.MapPost("/issues/{issueId:long}/reprocess", ReprocessIssue).WithName("ReprocessIssue")
            .WithSummary("Map the issue's stored events again with the source maps there are now (newest 1,000 a call; ?before= goes on)")
            .Produces<ReprocessResult>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/projects/{projectId:long}/releases/{version}/reprocess", ReprocessRelease).WithName("ReprocessRelease")
            .WithSummary("Map a release's stored events of the project again (the version URL-escaped; newest 1,000 a call; ?before= goes on)")
            .Produces<ReprocessResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> ReprocessIssue(long issueId, long? before, AccessScope actor, ReprocessOperations reprocess, CancellationToken ct) =>
        (await reprocess.IssueAsync(actor, issueId, before, ct)).ToHttp();

    private static async Task<IResult> ReprocessRelease(long projectId, string version, long? before, AccessScope actor, ReprocessOperations reprocess, HttpContext http,
        CancellationToken ct) =>
        (await reprocess.ReleaseAsync(actor, projectId, Releases.VersionSegments.FromRoute(version, http), before, ct)).ToHttp();
}
