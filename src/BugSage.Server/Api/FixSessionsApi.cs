using BugSage.Server.Auth;
using BugSage.Server.FixSessions;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="FixSessionOperations"/>: start a session for an issue, list them, read one, and decide on it.</summary>
public static class FixSessionsApi
{
    public static IEndpointRouteBuilder MapFixSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/issues/{issueId:long}/fix-sessions", Start).WithTags("Autofix")
            .WithName("StartFixSession").WithSummary("Queue an autofix session for the issue");
        var group = app.MapGroup("/api/v1/fix-sessions").WithTags("Autofix");
        group.MapGet("/", List).WithName("ListFixSessions").WithSummary("Sessions of the caller's organizations: ?status=&modelId=&from=&to=&skip=&limit= → {items, total}");
        group.MapGet("/{sessionId:long}", Get).WithName("GetFixSession").WithSummary("A session with its steps, candidates, diffs and validation logs");
        group.MapPost("/{sessionId:long}/approve", Approve).WithName("ApproveFixSession").WithSummary("Approve a validated candidate ({candidateId?, comment?}; default: the best one)");
        group.MapPost("/{sessionId:long}/reject", Reject).WithName("RejectFixSession").WithSummary("Reject the session's candidates ({comment?})");
        group.MapPost("/{sessionId:long}/apply", Apply).WithName("ApplyFixSession").WithSummary("Apply the approved candidate as branch bugsage/fix-<shortId> with one commit");
        group.MapPost("/{sessionId:long}/cancel", Cancel).WithName("CancelFixSession").WithSummary("Cancel a queued or running session");
        return app;
    }

    /// <summary>The list's query string; the project filter is the dashboard's.</summary>
    private sealed record ListQuery(string? Status, long? ModelId, DateTime? From, DateTime? To, int? Skip, int? Limit);

    private static async Task<IResult> Start(long issueId, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.StartAsync(actor, issueId, ct)).ToAccepted(s => $"/api/v1/fix-sessions/{s.Id}");

    private static async Task<OperationAnswer<FixSessionList>> List([AsParameters] ListQuery q, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.ListAsync(actor, new FixSessionFilter(q.Status, q.ModelId, q.From, q.To, q.Skip, q.Limit), ct)).ToHttp();

    private static async Task<OperationAnswer<FixSessionDto>> Get(long sessionId, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.GetAsync(actor, sessionId, ct)).ToHttp();

    private static async Task<IResult> Approve(long sessionId, Decision? decision, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.ApproveAsync(actor, sessionId, decision, ct)).ToHttp();

    private static async Task<IResult> Reject(long sessionId, Decision? decision, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.RejectAsync(actor, sessionId, decision?.Comment, ct)).ToHttp();

    private static async Task<IResult> Cancel(long sessionId, AccessScope actor, FixSessionOperations sessions, CancellationToken ct) =>
        (await sessions.CancelAsync(actor, sessionId, ct)).ToHttp();

    private static async Task<IResult> Apply(long sessionId, AccessScope actor, FixSessionOperations sessions, Hosting.PublicUrl publicUrl, HttpRequest request, CancellationToken ct) =>
        (await sessions.ApplyAsync(actor, sessionId, publicUrl.Resolve(request), ct)).ToHttp();
}
