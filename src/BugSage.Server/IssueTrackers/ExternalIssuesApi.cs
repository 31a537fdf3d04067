using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.IssueTrackers;

/// <summary>REST adapter for <see cref="ExternalIssueOperations"/>.</summary>
public static class ExternalIssuesApi
{
    public static RouteGroupBuilder MapExternalIssuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/issues/{issueId:long}/external-issues").WithTags("Issue trackers");
        group.MapGet("/", List).WithName("ListExternalIssues").WithSummary("The GitHub and Jira issues linked to this issue");
        group.MapPost("/", Create).WithName("CreateExternalIssue")
            .WithSummary("Create a tracker issue from this issue ({integrationId}), or link one ({integrationId, key}); 200 with the link there is when already linked");
        group.MapDelete("/{linkId:long}", Unlink).WithName("UnlinkExternalIssue").WithSummary("Remove a link; the tracker issue stays");
        return group;
    }

    private static async Task<OperationAnswer<List<ExternalIssueDto>>> List(long issueId, AccessScope actor, ExternalIssueOperations links, CancellationToken ct) =>
        (await links.ListAsync(actor, issueId, ct)).ToHttp();

    private static async Task<IResult> Create(long issueId, ExternalIssueInput input, AccessScope actor, ExternalIssueOperations links, CancellationToken ct) =>
        (await links.CreateAsync(actor, issueId, input, ct)).ToHttp(_ => $"/api/v1/issues/{issueId}/external-issues");

    private static async Task<IResult> Unlink(long issueId, long linkId, AccessScope actor, ExternalIssueOperations links, CancellationToken ct) =>
        (await links.UnlinkAsync(actor, issueId, linkId, ct)).ToNoContent();
}
