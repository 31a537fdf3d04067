using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Analysis;

/// <summary>Attack36b: a loopback server whose every answer is a raw handler (any status, headers, body, or a dropped connection); it counts requests.</summary>
public sealed class Attack36bRawServer : IAsyncDisposable
{
    private WebApplication app = null!;
    private int count;

    public Func<HttpContext, Task> Handler { get; set; } = ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; };
    public Uri Address { get; private set; } = null!;
    public int Count => Volatile.Read(ref count);
    public List<Dictionary<string, string>> Headers { get; } = [];
    public List<string> Requests { get; } = [];

    public static async Task<Attack36bRawServer> StartAsync(Func<HttpContext, Task>? handler = null)
    {
        var server = new Attack36bRawServer();
        if (handler is not null) server.Handler = handler;
        (server.app, server.Address) = await Infrastructure.LoopbackApp.StartAsync(a => a.Run(async ctx =>
        {
            Interlocked.Increment(ref server.count);
            lock (server.Headers) server.Headers.Add(ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (server.Headers) server.Requests.Add($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString} {body}");
            await server.Handler(ctx);
        }));
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
