using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// What the in-test trackers share: a loopback app that records every request, and a script of
/// failures answered before the tracker's own handling (to test retries).
/// </summary>
public abstract class TrackerServer : IAsyncDisposable
{
    private WebApplication app = null!;
    private readonly ConcurrentQueue<int> failures = new();

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
    }

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Uri Address { get; private set; } = null!;

    /// <summary>The requests other than reads.</summary>
    public IEnumerable<Received> Writes => Requests.Where(r => r.Method != "GET");

    /// <summary>Answers the next <paramref name="times"/> requests with <paramref name="status"/>.</summary>
    public void FailNext(int status, int times = 1)
    {
        for (var i = 0; i < times; i++) failures.Enqueue(status);
    }

    protected async Task ListenAsync()
    {
        (app, Address) = await LoopbackApp.StartAsync(web =>
        {
            web.Use(async (HttpContext http, Func<Task> next) =>
            {
                http.Request.EnableBuffering();
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
                var body = await reader.ReadToEndAsync();
                http.Request.Body.Position = 0;
                Requests.Enqueue(new Received(http.Request.Method, http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
                if (failures.TryDequeue(out var status))
                {
                    http.Response.StatusCode = status;
                    await http.Response.WriteAsJsonAsync(new { message = "scripted failure" });
                    return;
                }
                await next();
            });
            Map(web);
        });
    }

    protected abstract void Map(WebApplication web);

    protected static async Task<JsonNode> BodyAsync(HttpRequest request) => (await JsonNode.ParseAsync(request.Body))!;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
