using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Issues;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for events: one normalized event with everything the SDK sent (after scrubbing), and its neighbours in the issue.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/events/{eventId}", Get).WithTags("Events")
            .WithName("GetEvent").WithSummary("A normalized event: exception chain, breadcrumbs, tags, user, request, contexts").WithETag();
        app.MapGet("/api/v1/issues/{issueId:long}/events/{which:regex(^(latest|oldest)$)}", Edge).WithTags("Events")
            .WithName("GetIssueEdgeEvent").WithSummary("An issue's latest or oldest event").WithETag();
        return app;
    }

    private static async Task<OperationAnswer<EventDetailDto>> Get(long projectId, string eventId, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.EventAsync(actor, projectId, eventId, ct)).ToHttp();

    private static async Task<OperationAnswer<EventDetailDto>> Edge(long issueId, string which, AccessScope actor, IssueOperations issues, CancellationToken ct) =>
        (await issues.EdgeEventAsync(actor, issueId, which, ct)).ToHttp();
}
