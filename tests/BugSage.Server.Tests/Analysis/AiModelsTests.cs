using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>Configured models: admins manage them, keys stay encrypted and unseen, and analyses use them, falling back when they fail.</summary>
public class AiModelsTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_configured_model_analyses_issues_with_its_calls_recorded_and_failures_falling_back(string provider)
    {
        await using var server = await FakeModelServer.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        var orgId = await app.WithDbAsync(db => db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync());
        var url = $"/api/v1/organizations/{orgId}/models";

        (await admin.PostJsonAsync(url, new { name = "local", provider = "mistral", model = "m" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostJsonAsync(url, new { name = "local", provider = "openai", endpoint = "ftp://x", model = "m" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await admin.PostJsonAsync(url, new
        {
            name = "local", provider = "openai", endpoint = new Uri(server.Address, "v1").ToString(), model = "llama-test", apiKey = "sk-very-secret",
            inputPricePer1k = 0.1m, outputPricePer1k = 0.2m, timeoutSeconds = 10,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadAsStringAsync();
        body.ShouldNotContain("sk-very-secret");
        JsonNode.Parse(body)!["hasApiKey"]!.GetValue<bool>().ShouldBeTrue();
        (await app.WithDbAsync(db => db.AiModels.Select(m => m.ApiKeyProtected).SingleAsync())).ShouldNotBeNull().ShouldNotContain("sk-very-secret");
        (await admin.GetJsonAsync(url)).AsArray().ShouldHaveSingleItem()!["name"].Str().ShouldBe("local");

        // The policy may now enable the model as an agent.
        var policy = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/config/autofix-policy?organizationId={orgId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { enabledAgents = new[] { "offline", "local" } }),
        };
        policy.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await admin.SendAsync(policy)).StatusCode.ShouldBe(HttpStatusCode.OK);

        server.Then(request =>
        {
            request["messages"]![1]!["content"].Str().ShouldContain("return users[id].name;");
            return Results.Json(new JsonObject
            {
                ["id"] = "c1", ["object"] = "chat.completion", ["created"] = 1, ["model"] = "llama-test",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = """{"summary":"Unknown user ids","category":"null-reference","explanation":"users[id] is undefined for ids that were deleted.","evidence":["line 42 reads users[id].name"],"suggestedFix":"Answer 404 for unknown ids.","confidence":0.8,"fixability":0.7}""" },
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 2000, ["completion_tokens"] = 500, ["total_tokens"] = 2500 },
            });
        });
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var worker = app.Services.GetRequiredService<AnalysisWorker>();
        (await admin.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.RunQueuedAsync(CancellationToken.None);
        var result = await admin.GetJsonAsync($"/api/v1/issues/{issueId}/analysis");
        (result["engine"].Str(), result["model"].Str(), result["summary"].Str()).ShouldBe(("openai", "llama-test", "Unknown user ids"));
        (result["inputTokens"]!.GetValue<int>(), result["cost"]!.GetValue<decimal>()).ShouldBe((2000, 2m * 0.1m + 0.5m * 0.2m));
        server.Requests[^1].Headers["authorization"].ShouldBe("Bearer sk-very-secret");

        // The model fails: the offline engine answers, and both calls are on record.
        server.Then(_ => FakeModelServer.Status(500));
        (await admin.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.RunQueuedAsync(CancellationToken.None);
        var fallback = await admin.GetJsonAsync($"/api/v1/issues/{issueId}/analysis");
        fallback["engine"].Str().ShouldBe("offline");
        fallback["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldContain(e => e.StartsWith("model unavailable: local", StringComparison.Ordinal));
        var calls = await app.WithDbAsync(db => db.ModelCalls.OrderBy(c => c.Id).ToListAsync());
        calls.Select(c => c.Succeeded).ShouldBe([true, false]);
        calls[0].Cost.ShouldBe(0.3m);

        // Members see models but not keys and cannot change them.
        var (member, _, _) = await app.NewTenantAsync("member@example.com");
        (await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/members", new { email = "member@example.com", role = "member" })).EnsureSuccessStatusCode();
        (await member.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.PostJsonAsync(url, new { name = "mine", provider = "openai", model = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
