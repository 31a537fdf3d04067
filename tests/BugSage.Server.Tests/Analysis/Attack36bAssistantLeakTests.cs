using System.Collections.Concurrent;
using BugSage.Server.Tests.Assistant;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// Attack36b, claims A and E through the assistant: a provider that fails (a status with a body reflecting the key,
/// a stream cut mid-answer, an error event in the stream) is told to the person and recorded in fixed words, and
/// the configured key reaches neither the answer, the model calls, nor the server's logs.
/// </summary>
public sealed class Attack36bAssistantLeakTests
{
    private const string Key = "sk-attack36b-ASSIST-KEY-8d21";
    private const string BodySecret = "ASSIST-BODY-SECRET-4f10";

    private sealed class AllLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"[{logLevel} {category}] {formatter(state, exception)} {exception}");
        }
    }

    private static string Leaky => $$"""{"error":{"message":"Incorrect API key provided: Bearer {{Key}} {{BodySecret}}","type":"invalid_request_error"},"type":"error"}""";

    public static TheoryData<string, string> Cases => new()
    {
        { "openai", "401 reflecting the key" },
        { "anthropic", "401 reflecting the key" },
        { "openai", "stream cut mid-answer" },
        { "anthropic", "stream cut mid-answer" },
        { "openai", "error in the stream" },
        { "anthropic", "error in the stream" },
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task Attack36b_a_failing_provider_leaks_nothing_to_the_answer_the_model_calls_or_the_logs(string provider, string scenario)
    {
        await using var server = await Attack36bRawServer.StartAsync(async ctx =>
        {
            var auth = ctx.Request.Headers.Authorization.ToString() + ctx.Request.Headers["x-api-key"];
            if (scenario.StartsWith("401", StringComparison.Ordinal))
            {
                ctx.Response.StatusCode = 401;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(Leaky + " echo: " + auth);
                return;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/event-stream";
            var first = provider == "openai"
                ? """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial answer "}}]}""" + "\n\n"
                : "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
                  "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
                  "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial answer \"}}\n\n";
            await ctx.Response.WriteAsync(first);
            await ctx.Response.Body.FlushAsync();
            if (scenario.StartsWith("stream cut", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsync($"data: {{\"id\":\"{Key} {BodySecret} {auth}");
                await ctx.Response.Body.FlushAsync();
                ctx.Abort();
                return;
            }
            await ctx.Response.WriteAsync(provider == "openai"
                ? $"data: {Leaky.Replace("}", $",\"echo\":\"{auth}\"}}", StringComparison.Ordinal)}\n\n"
                : $"event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\",\"message\":\"{Key} {BodySecret} {auth}\"}}}}\n\n");
        });
        var logs = new AllLogs();
        await using var app = await BugSageFactory.CreateAsync("sqlite", services: s => s.AddSingleton<ILoggerProvider>(logs));
        var (projectId, _, _) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var endpoint = provider == "openai" ? new Uri(server.Address, "v1").ToString() : server.Address.ToString();
        (await client.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "assistant-model", provider, endpoint, model = "test-model", apiKey = Key, timeoutSeconds = 10 }))
            .EnsureSuccessStatusCode();
        var conversation = await AssistantApp.ConversationAsync(client, new { projectId });

        var answer = (await AssistantApp.AskAsync(client, conversation, "what is newest?")).ToJsonString();
        var errors = await app.WithDbAsync(db => db.ModelCalls.Where(c => c.Purpose == "assistant").Select(c => c.Error).ToListAsync());
        var logged = string.Join("\n", logs.Lines);


        server.Count.ShouldBeGreaterThan(0);
        foreach (var secret in new[] { Key, BodySecret })
        {
            answer.ShouldNotContain(secret);
            string.Join("\n", errors).ShouldNotContain(secret);
        }
        logged.ShouldNotContain(Key, customMessage: "the configured API key reached the server's log");
    }
}
