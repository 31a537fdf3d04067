using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Assistant;

/// <summary>
/// The assistant through each provider's real client, against a model server speaking that
/// provider's streaming wire format: a tool call, then an answer. What goes over the wire is checked.
/// </summary>
public class ProviderWireTests
{
    [Fact]
    public async Task An_openai_compatible_model_calls_a_tool_and_answers()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.EventStream(
                Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["id"] = "call_1", ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "search_issues", ["arguments"] = "{\"sort\":\"firstSeen\"}" },
                }) }),
                Chunk(new JsonObject(), "tool_calls", new JsonObject { ["prompt_tokens"] = 900, ["completion_tokens"] = 12, ["total_tokens"] = 912 }),
                "data: [DONE]"))
            .Then(_ => FakeModelServer.EventStream(
                Chunk(new JsonObject { ["content"] = "Newest: " }),
                Chunk(new JsonObject { ["content"] = "loadCart." }),
                Chunk(new JsonObject(), "stop", new JsonObject { ["prompt_tokens"] = 1000, ["completion_tokens"] = 5, ["total_tokens"] = 1005 }),
                "data: [DONE]"));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _, newer) = await AssistantApp.TwoIssuesAsync(app);
        var client = await ConfigureAsync(app, "openai", new Uri(server.Address, "v1").ToString());
        var conversation = await AssistantApp.ConversationAsync(client, new { projectId });

        var answer = await AssistantApp.AskAsync(client, conversation, "what is newest?");

        AssistantApp.Turns(answer, "assistant").Single()["content"].Str().ShouldBe("Newest: loadCart.");
        var call = AssistantApp.Turns(answer, "tool").Single();
        call["result"]!["result"]!["issues"]![0]!["id"].Long().ShouldBe(newer);
        server.Requests.Count.ShouldBe(2);
        server.Requests[0].Path.ShouldBe("/v1/chat/completions");
        server.Requests[0].Headers["authorization"].ShouldBe("Bearer sk-assistant");
        server.Requests[0].Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        server.Requests[0].Body["tools"]!.AsArray().Select(t => t!["function"]!["name"].Str()).ShouldContain("get_issue");
        var toolTurn = server.Requests[1].Body["messages"]!.AsArray().Single(m => m!["role"].Str() == "tool")!;
        toolTurn["tool_call_id"].Str().ShouldBe("call_1");
        (await app.WithDbAsync(db => db.ModelCalls.Where(c => c.Purpose == "assistant").SumAsync(c => c.InputTokens))).ShouldBe(1900);
    }

    [Fact]
    public async Task An_anthropic_model_calls_a_tool_and_answers()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.EventStream(
                Event("message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(input: 800) }),
                Event("content_block_start", new JsonObject
                {
                    ["type"] = "content_block_start", ["index"] = 0,
                    ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "search_issues", ["input"] = new JsonObject() },
                }),
                Event("content_block_delta", new JsonObject
                {
                    ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = "{\"sort\":\"firstSeen\"}" },
                }),
                Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }),
                Event("message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = "tool_use" }, ["usage"] = new JsonObject { ["output_tokens"] = 15 } }),
                Event("message_stop", new JsonObject { ["type"] = "message_stop" })))
            .Then(_ => FakeModelServer.EventStream(
                Event("message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(input: 1000) }),
                Event("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } }),
                Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = "Newest: loadCart." } }),
                Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }),
                Event("message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = "end_turn" }, ["usage"] = new JsonObject { ["output_tokens"] = 6 } }),
                Event("message_stop", new JsonObject { ["type"] = "message_stop" })));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _, newer) = await AssistantApp.TwoIssuesAsync(app);
        var client = await ConfigureAsync(app, "anthropic", server.Address.ToString());
        var conversation = await AssistantApp.ConversationAsync(client, new { projectId });

        var answer = await AssistantApp.AskAsync(client, conversation, "what is newest?");

        AssistantApp.Turns(answer, "assistant").Single()["content"].Str().ShouldBe("Newest: loadCart.");
        AssistantApp.Turns(answer, "tool").Single()["result"]!["result"]!["issues"]![0]!["id"].Long().ShouldBe(newer);
        server.Requests[0].Path.ShouldBe("/v1/messages");
        // Anthropic's own .NET client sends the key as a bearer token.
        server.Requests[0].Headers["authorization"].ShouldBe("Bearer sk-assistant");
        server.Requests[0].Body["tools"]!.AsArray().Select(t => t!["name"].Str()).ShouldContain("get_issue");
        var results = server.Requests[1].Body["messages"]!.AsArray().SelectMany(m => m!["content"] as JsonArray ?? []).Where(c => c!["type"]?.GetValue<string>() == "tool_result");
        results.Single()!["tool_use_id"].Str().ShouldBe("toolu_1");
    }

    private static async Task<HttpClient> ConfigureAsync(BugSageFactory app, string provider, string endpoint)
    {
        var client = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        (await client.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "assistant-model", provider, endpoint, model = "test-model", apiKey = "sk-assistant" }))
            .EnsureSuccessStatusCode();
        return client;
    }

    private static string Chunk(JsonObject delta, string? finish = null, JsonObject? usage = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-1", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        if (usage is not null) chunk["usage"] = usage;
        return "data: " + chunk.ToJsonString();
    }

    private static JsonObject Message(int input) => new()
    {
        ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = "test-model", ["content"] = new JsonArray(),
        ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = 1 },
    };

    private static string Event(string name, JsonObject data) => $"event: {name}\ndata: {data.ToJsonString()}";
}
