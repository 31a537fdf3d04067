using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Issues;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="IssueOperations"/>: issue lists with search, one issue, its events, grouping and insights.</summary>
public static class IssuesApi
{
    public static IEndpointRouteBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/issues", List).WithTags("Issues")
            .WithName("ListIssues").WithSummary("Search a project's issues").WithETag();
        var group = app.MapGroup("/api/v1/issues/{issueId:long}").WithTags("Issues");
        group.MapGet("/", Get).WithName("GetIssue").WithSummary("One issue").WithETag();
        group.MapGet("/events", Events).WithName("ListIssueEvents").WithSummary("An issue's events, newest first");
        group.MapGet("/grouping", Grouping).WithName("GetIssueGrouping").WithSummary("The fingerprint components behind an issue");
        group.MapGet("/tags", Tags).WithName("GetIssueTags").WithSummary("Top values of each tag with counts and percentages");
        group.MapGet("/similar", Similar).WithName("GetSimilarIssues").WithSummary("Likely duplicates the fingerprint kept apart, with a score and the reason");
        group.MapGet("/stats", Stats).WithName("GetIssueStats").WithSummary("Events per hour over 24 h, or per day over 30 d (?period=24h|30d)");
        return app;
    }

    private static async Task<OperationAnswer<Page<IssueDto>>> List(long projectId, [AsParameters] IssueSearch search, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.SearchAsync(actor, projectId, search, ct)).ToHttp();

    private static async Task<OperationAnswer<IssueDto>> Get(long issueId, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.GetAsync(actor, issueId, ct)).ToHttp();

    private static async Task<OperationAnswer<Page<EventSummaryDto>>> Events(long issueId, int? limit, string? cursor, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.EventsAsync(actor, issueId, limit, cursor, ct)).ToHttp();

    private static async Task<OperationAnswer<List<GroupingDto>>> Grouping(long issueId, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.GroupingAsync(actor, issueId, ct)).ToHttp();

    private static async Task<OperationAnswer<List<TagDto>>> Tags(long issueId, int? limit, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.TagsAsync(actor, issueId, limit, ct)).ToHttp();

    private static async Task<OperationAnswer<List<SimilarDto>>> Similar(long issueId, int? limit, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.SimilarAsync(actor, issueId, limit, ct)).ToHttp();

    private static async Task<OperationAnswer<StatsDto>> Stats(long issueId, string? period, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.StatsAsync(actor, issueId, period, ct)).ToHttp();
}
