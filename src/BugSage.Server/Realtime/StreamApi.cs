using System.Text.Json;
using System.Threading.Channels;
using BugSage.Core.Processing;
using BugSage.Server.Auth;

namespace BugSage.Server.Realtime;

/// <summary>
/// Server-sent events of one project: <c>issue.created</c>, <c>issue.updated</c>,
/// <c>issue.regressed</c>, published after each digest commit. A slow reader loses the oldest
/// events rather than slowing the digest; a comment line every 15 s keeps proxies from closing the stream.
/// </summary>
public static class StreamApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static WebApplication MapStreamApi(this WebApplication app)
    {
        app.MapGet("/api/v1/stream", Stream).WithTags("Realtime")
            .WithName("StreamProjectEvents").WithSummary("Server-sent events of a project (text/event-stream)");
        return app;
    }

    private static async Task<IResult> Stream(long projectId, AccessScope scope, LiveNotifier notifier, HttpContext http, CancellationToken ct)
    {
        if (!await scope.CanReadProjectAsync(projectId, ct)) return TypedResults.NotFound();
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = notifier.Subscribe(e =>
        {
            if (e.ProjectId == projectId) channel.Writer.TryWrite(e);
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
                    var data = JsonSerializer.Serialize(new { e.ProjectId, e.IssueId, e.Title, e.Detail }, JsonSerializerOptions.Web);
                    await http.Response.WriteAsync($"event: {e.Name}\ndata: {data}\n\n", ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
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
