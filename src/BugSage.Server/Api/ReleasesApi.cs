using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Releases;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="ProjectReleaseOperations"/>: a project's releases and an issue's suspect commits.</summary>
public static class ReleasesApi
{
    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Releases");
        group.MapGet("/projects/{projectId:long}/releases", List).WithName("ListReleases")
            .WithSummary("The project's releases, newest first: events, adoption over the last 24 hours, new issues, regressions, commits, deploys");
        group.MapGet("/projects/{projectId:long}/releases/{version}", Get).WithName("GetRelease")
            .WithSummary("One release: its deploys, commits, new and regressed issues and uploaded artifact bundles (the version URL-escaped)");
        group.MapGet("/issues/{issueId:long}/suspect-commits", Suspects).WithName("SuspectCommits")
            .WithSummary("Commits of the issue's first release that touched a file of its stack trace");
        return app;
    }

    private static async Task<OperationAnswer<Page<ProjectReleaseSummary>>> List(long projectId, bool? includeArchived, int? limit, string? cursor, AccessScope actor, ProjectReleaseOperations releases, CancellationToken ct) =>
        (await releases.ListAsync(actor, projectId, includeArchived ?? false, limit, cursor, ct)).ToHttp();

    private static async Task<OperationAnswer<ProjectReleaseDetail>> Get(long projectId, string version, AccessScope actor, ProjectReleaseOperations releases, HttpContext http, CancellationToken ct) =>
        (await releases.GetAsync(actor, projectId, VersionSegments.FromRoute(version, http), ct)).ToHttp();

    private static async Task<OperationAnswer<IReadOnlyList<SuspectCommitInfo>>> Suspects(long issueId, AccessScope actor, ProjectReleaseOperations releases, CancellationToken ct) =>
        (await releases.SuspectCommitsAsync(actor, issueId, ct)).ToHttp();
}
