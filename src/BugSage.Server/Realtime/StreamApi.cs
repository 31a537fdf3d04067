using BugSage.Server.Operations;
using System.Text.Json;
using System.Threading.Channels;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.LiveFeeds;

namespace BugSage.Server.Realtime;

/// <summary>
/// Server-sent events of one project (<c>issue.created</c>, <c>issue.updated</c>,
/// <c>issue.regressed</c>, analysis and fix-session progress), published after each commit, or of
/// one fix session. A slow reader loses the oldest events rather than slowing the digest; a
/// comment line every 15 s keeps proxies from closing the stream.
/// </summary>
public static class StreamApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/stream", Stream).WithTags("Realtime")
            .WithName("StreamProjectEvents").WithSummary("Server-sent events of a project (text/event-stream)")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        app.MapGet("/api/v1/fix-sessions/{sessionId:long}/stream", StreamFixSession).WithTags("Autofix")
            .WithName("StreamFixSession").WithSummary("Server-sent events of one fix session: its steps as they run and end, its completion and decisions")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        return app;
    }

    /// <summary>What every stream needs besides its id.</summary>
    private sealed record Feed(AccessScope Actor, LiveFeedOperations Feeds, LiveNotifier Notifier, StreamAccess Access, HttpContext Http);

    private static async Task<IResult> Stream(long projectId, [AsParameters] Feed feed, CancellationToken ct) =>
        (await feed.Feeds.ProjectAsync(feed.Actor, projectId, ct)).Succeeded
            ? await ServeAsync(feed.Notifier, feed.Http, e => e.ProjectId == projectId, () => feed.Access.StillAllowedAsync(feed.Http, projectId, ct), ct)
            : TypedResults.NotFound();

    private static async Task<IResult> StreamFixSession(long sessionId, [AsParameters] Feed feed, CancellationToken ct)
    {
        var session = await feed.Feeds.FixSessionAsync(feed.Actor, sessionId, ct);
        if (!session.Succeeded) return TypedResults.NotFound();
        var projectId = session.Value;
        return await ServeAsync(feed.Notifier, feed.Http, e => e.FixSessionId == sessionId, () => feed.Access.StillAllowedAsync(feed.Http, projectId, ct), ct);
    }

    /// <param name="stillAllowed">Asked before every event and heartbeat: the stream ends once access is gone.</param>
    private static async Task<IResult> ServeAsync(LiveNotifier notifier, HttpContext http, Func<LiveEvent, bool> wanted, Func<Task<bool>> stillAllowed, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = notifier.Subscribe(e =>
        {
            if (wanted(e)) channel.Writer.TryWrite(e);
            return ValueTask.CompletedTask;
        });

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync(": connected\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var e = await channel.Reader.ReadAsync(wait.Token);
                    if (!await stillAllowed()) break;
                    var data = JsonSerializer.Serialize(new { e.ProjectId, e.IssueId, e.Title, e.Detail, e.FixSessionId }, JsonSerializerOptions.Web);
                    await http.Response.WriteAsync($"event: {e.Name}\ndata: {data}\n\n", ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (!await stillAllowed()) break;
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                }
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        return TypedResults.Empty;
    }
}
