using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A model server on a loopback port, for provider tests: it records every request (path,
/// headers, body) and answers from a script, one handler per request, the last one repeating.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private WebApplication app = null!;
    private readonly ConcurrentQueue<Func<JsonObject, IResult>> script = new();
    private Func<JsonObject, IResult>? last;

    public sealed record Recorded(string Path, IReadOnlyDictionary<string, string> Headers, JsonObject Body);

    public List<Recorded> Requests { get; } = [];
    public Uri Address { get; private set; } = null!;

    public static async Task<FakeModelServer> StartAsync()
    {
        var server = new FakeModelServer();
        (server.app, server.Address) = await LoopbackApp.StartAsync(app => app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            lock (server.Requests)
                server.Requests.Add(new Recorded(http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
            var handler = server.script.TryDequeue(out var next) ? server.last = next : server.last;
            return handler is null ? Results.StatusCode(500) : handler(body);
        }));
        return server;
    }

    /// <summary>Queues the answers to the next requests.</summary>
    public FakeModelServer Then(Func<JsonObject, IResult> handler)
    {
        script.Enqueue(handler);
        return this;
    }

    /// <summary>An OpenAI chat completion whose message is <paramref name="content"/>.</summary>
    public static IResult OpenAiCompletion(string content, string model = "test-model-2026") => Results.Json(new JsonObject
    {
        ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content }, ["finish_reason"] = "stop" }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1200, ["completion_tokens"] = 300, ["total_tokens"] = 1500 },
    });

    /// <summary>An OpenAI chat completion that calls tools, each with its arguments as JSON.</summary>
    public static IResult OpenAiToolCalls(string model, params (string Name, JsonObject Arguments)[] calls) => Results.Json(new JsonObject
    {
        ["id"] = "chatcmpl-2", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0, ["finish_reason"] = "tool_calls",
            ["message"] = new JsonObject
            {
                ["role"] = "assistant", ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{i + 1}", ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments.ToJsonString() },
                })]),
            },
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1500, ["completion_tokens"] = 200, ["total_tokens"] = 1700 },
    });

    public static IResult Status(int code) => Results.Json(new { error = new { message = "scripted failure" } }, statusCode: code);

    public static IResult EventStream(params string[] events) =>
        Results.Text(string.Concat(events.Select(e => e + "\n\n")), "text/event-stream");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
