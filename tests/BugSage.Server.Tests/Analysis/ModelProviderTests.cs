using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Events;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// Answers in a schema from the OpenAI-compatible and Anthropic providers (each through its own .NET client as a
/// Microsoft.Extensions.AI chat client), against servers speaking their wire protocols.
/// </summary>
public class ModelProviderTests
{
    private static readonly JsonObject Answer = new()
    {
        ["summary"] = "users[id] is undefined for unknown ids",
        ["category"] = "null-reference",
        ["explanation"] = "getUser reads .name of users[id] without checking the id exists.",
        ["location"] = new JsonObject { ["file"] = "src/users.js", ["line"] = 7, ["function"] = "getUser" },
        ["evidence"] = new JsonArray("TypeError: Cannot read properties of undefined (reading 'name')"),
        ["suggestedFix"] = "Return 404 when users[id] is missing.",
        ["confidence"] = 0.82,
        ["fixability"] = 0.75,
    };

    private static ModelSettings Settings(string provider, Uri endpoint, string name = "primary") =>
        new(name, provider, endpoint, "test-model", "secret-key", TimeSpan.FromSeconds(10), 800, 0.5m, 1.5m, MaxRetries: 2);

    private static ChatModel Model(ModelSettings settings, HttpClient http) => new(settings, ChatClients.Create(settings, http));

    private static ModelRequest Request => new("You analyse errors.", "TypeError in getUser", "error_analysis", ModelAnalyst.Schema);

    private static IResult AnthropicToolUse(JsonNode input) => Results.Json(new JsonObject
    {
        ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = "claude-test",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "tu_1", ["name"] = "error_analysis", ["input"] = input.DeepClone() }),
        ["stop_reason"] = "tool_use",
        ["usage"] = new JsonObject { ["input_tokens"] = 1000, ["output_tokens"] = 200 },
    });

    [Fact]
    public async Task OpenAi_compatible_sends_a_json_schema_retries_a_429_and_counts_tokens_and_cost()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.Status(429)).Then(_ => FakeModelServer.OpenAiCompletion(Answer.ToJsonString()));
        using var http = new HttpClient();
        var attempts = new List<ModelAttempt>();
        var chain = new ModelChain([Model(Settings("openai", new Uri(server.Address, "v1")), http)], attempts.Add);

        var reply = (await chain.CompleteJsonAsync(Request, CancellationToken.None)).Reply!;

        server.Requests.Count.ShouldBe(2);
        var sent = server.Requests[^1];
        sent.Path.ShouldBe("/v1/chat/completions");
        sent.Headers["authorization"].ShouldBe("Bearer secret-key");
        sent.Body["model"].Str().ShouldBe("test-model");
        sent.Body["response_format"]!["type"].Str().ShouldBe("json_schema");
        sent.Body["response_format"]!["json_schema"]!["schema"]!["required"]!.AsArray().Count.ShouldBe(6, "the schema as it is: optional fields stay optional");
        sent.Body["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>().ShouldBeFalse();
        sent.Body["messages"]![0]!["role"].Str().ShouldBe("system");
        reply.Output["category"].Str().ShouldBe("null-reference");
        (reply.InputTokens, reply.OutputTokens, reply.Model).ShouldBe((1200, 300, "test-model-2026"));
        reply.Cost.ShouldBe(1.2m * 0.5m + 0.3m * 1.5m);
        attempts.Single().Reply.ShouldBe(reply, "one attempt: the client retried the 429 itself");
    }

    [Fact]
    public async Task An_answer_outside_the_schema_or_not_json_is_refused_in_fixed_words()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.OpenAiCompletion("""{"summary": "x", "category": "y", "explanation": "z", "evidence": [], "confidence": 7, "fixability": 0.5}"""))
            .Then(_ => FakeModelServer.OpenAiCompletion("The cause is users[id]. <script>"))
            .Then(_ => FakeModelServer.Status(401));
        using var http = new HttpClient();
        var chain = new ModelChain([Model(Settings("openai", new Uri(server.Address, "v1")), http)]);

        (await chain.CompleteJsonAsync(Request, CancellationToken.None)).Failures.ShouldBe(["primary: the model's answer does not fit the schema: $.confidence: above 1"]);
        (await chain.CompleteJsonAsync(Request, CancellationToken.None)).Failures.ShouldBe(["primary: the model's answer is not JSON"]);
        (await chain.CompleteJsonAsync(Request, CancellationToken.None)).Failures.ShouldBe(["primary: the model server answered 401 (unauthorized: check the API key)"]);
        server.Requests.Count.ShouldBe(3, "refusals are final: nothing is retried");
    }

    [Fact]
    public async Task Anthropic_forces_a_tool_for_structure_and_retries_overload()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.Status(529)).Then(_ => AnthropicToolUse(Answer));
        using var http = new HttpClient();
        var chain = new ModelChain([Model(Settings("anthropic", server.Address), http)]);

        var reply = (await chain.CompleteJsonAsync(Request, CancellationToken.None)).Reply!;

        server.Requests.Count.ShouldBe(2);
        var sent = server.Requests[^1];
        sent.Path.ShouldBe("/v1/messages");
        // Anthropic's own .NET client sends the key as a bearer token.
        sent.Headers["authorization"].ShouldBe("Bearer secret-key");
        sent.Headers["anthropic-version"].ShouldNotBeNullOrWhiteSpace();
        sent.Body["tool_choice"]!["name"].Str().ShouldBe("error_analysis");
        sent.Body["tools"]![0]!["input_schema"]!["type"].Str().ShouldBe("object");
        sent.Body["system"]!.ToJsonString().ShouldContain("You analyse errors.");
        reply.Output["location"]!["function"].Str().ShouldBe("getUser");
        (reply.InputTokens, reply.OutputTokens, reply.Model).ShouldBe((1000, 200, "claude-test"));
    }

    [Fact]
    public async Task A_failing_provider_falls_back_to_the_next_and_finally_to_the_offline_engine()
    {
        await using var broken = await FakeModelServer.StartAsync();
        await using var working = await FakeModelServer.StartAsync();
        broken.Then(_ => FakeModelServer.Status(503));
        working.Then(_ => AnthropicToolUse(Answer));
        using var http = new HttpClient();
        var evt = EventNormalizer.Normalize(JsonDocument.Parse("""
            {"platform":"node","exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading 'name')","stacktrace":{"frames":[
              {"filename":"/srv/app/src/users.js","function":"getUser","lineno":7,"in_app":true,"context_line":"  return users[id].name;"}]}}]}}
            """).RootElement, "11111111111111111111111111111111", DateTime.UtcNow);
        var input = new AnalysisInput(evt, 40, 9, "rising");
        var offline = new OfflineEngine(KnowledgeBase.Default);

        var chain = new ModelChain([Model(Settings("openai", new Uri(broken.Address, "v1"), "first"), http), Model(Settings("anthropic", working.Address, "second"), http)]);
        var result = await new ModelAnalyst(chain, offline).AnalyzeAsync(input, CancellationToken.None);
        broken.Requests.Count.ShouldBe(3, "the first provider is retried twice before the next is tried");
        (result.Engine, result.Model, result.Category).ShouldBe(("anthropic", "claude-test", "null-reference"));
        result.Impact.Events.ShouldBe(40);

        working.Then(_ => FakeModelServer.Status(500));
        var fallback = await new ModelAnalyst(chain, offline).AnalyzeAsync(input, CancellationToken.None);
        fallback.Engine.ShouldBe("offline");
        fallback.RootCause.Explanation.ShouldBe("users[id] is undefined when its property 'name' is read.");
        fallback.RootCause.Evidence.Count(e => e.StartsWith("model unavailable: ", StringComparison.Ordinal)).ShouldBe(2);
    }
}
