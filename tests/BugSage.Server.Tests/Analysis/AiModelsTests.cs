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
        var orgId = await app.DefaultOrganizationAsync();
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

    private const string AnalysisAnswer = """{"summary":"Unknown user ids","category":"null-reference","explanation":"users[id] is undefined for ids that were deleted.","evidence":["line 42 reads users[id].name"],"suggestedFix":"Answer 404 for unknown ids.","confidence":0.8,"fixability":0.7}""";

    /// <summary>An admin, the default organization's models URL, and one issue to analyse.</summary>
    private static async Task<(HttpClient Admin, string Url, long IssueId)> ArrangeAsync(BugSageFactory app)
    {
        var admin = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        await app.SendErrorsAsync("getUser", 1);
        return (admin, $"/api/v1/organizations/{orgId}/models", await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync()));
    }

    private static async Task EnableAgentsAsync(HttpClient admin, long orgId, string version, params string[] agents)
    {
        var policy = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/config/autofix-policy?organizationId={orgId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { enabledAgents = agents.Prepend("offline").ToArray() }),
        };
        policy.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        (await admin.SendAsync(policy)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<JsonNode> AnalyseAsync(BugSageFactory app, HttpClient admin, long issueId)
    {
        (await admin.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);
        return await admin.GetJsonAsync($"/api/v1/issues/{issueId}/analysis");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_new_endpoint_or_provider_takes_the_key_again_so_the_stored_key_goes_nowhere_new(string provider)
    {
        await using var original = await FakeModelServer.StartAsync();
        await using var elsewhere = await FakeModelServer.StartAsync();
        original.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        elsewhere.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (admin, url, issueId) = await ArrangeAsync(app);
        var created = await (await admin.PostJsonAsync(url, new { name = "local", provider = "openai", endpoint = new Uri(original.Address, "v1").ToString(), model = "m", apiKey = "sk-stored-key" })).ReadJsonAsync();
        var model = $"{url}/{created["id"].Long()}";
        await EnableAgentsAsync(admin, await app.DefaultOrganizationAsync(), "v0", "local");
        var stored = () => app.WithDbAsync(db => db.AiModels.Select(m => $"{m.Provider} {m.Endpoint} {m.ApiKeyProtected}").SingleAsync());
        var before = await stored();

        foreach (var change in new object[] { new { endpoint = new Uri(elsewhere.Address, "v1").ToString() }, new { provider = "anthropic" }, new { provider = "anthropic", endpoint = elsewhere.Address.ToString(), name = "moved" } })
        {
            var refused = await admin.PatchJsonAsync(model, change);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.ReadJsonAsync())["errors"]!["apiKey"].ShouldNotBeNull();
        }
        (await stored()).ShouldBe(before);
        (await AnalyseAsync(app, admin, issueId))["engine"].Str().ShouldBe("openai");
        elsewhere.Requests.ShouldBeEmpty();
        original.Requests.ShouldHaveSingleItem().Headers["authorization"].ShouldBe("Bearer sk-stored-key");

        // Other changes need no key; a move with the key again sends only that key to the new host.
        (await admin.PatchJsonAsync(model, new { timeoutSeconds = 30, endpoint = new Uri(original.Address, "v1/").ToString() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchJsonAsync(model, new { endpoint = new Uri(elsewhere.Address, "v1").ToString(), apiKey = "sk-for-elsewhere" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AnalyseAsync(app, admin, issueId))["engine"].Str().ShouldBe("openai");
        elsewhere.Requests.ShouldHaveSingleItem().Headers["authorization"].ShouldBe("Bearer sk-for-elsewhere");
        original.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_providers_error_body_is_never_repeated_to_callers()
    {
        await using var openAi = await FakeModelServer.StartAsync();
        await using var anthropic = await FakeModelServer.StartAsync();
        openAi.Then(_ => Results.Text("<html>intranet admin console: db password hunter2-openai</html>", "text/html", statusCode: 401));
        anthropic.Then(_ => Results.Json(new { error = new { message = "key sk-reflected-anthropic is not valid here" } }, statusCode: 403));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (admin, url, issueId) = await ArrangeAsync(app);
        (await admin.PostJsonAsync(url, new { name = "first", provider = "openai", endpoint = new Uri(openAi.Address, "v1").ToString(), model = "m", apiKey = "k1", priority = 1 })).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync(url, new { name = "second", provider = "anthropic", endpoint = anthropic.Address.ToString(), model = "m", apiKey = "k2", priority = 2 })).EnsureSuccessStatusCode();
        await EnableAgentsAsync(admin, await app.DefaultOrganizationAsync(), "v0", "first", "second");

        var analysis = await AnalyseAsync(app, admin, issueId);
        analysis["engine"].Str().ShouldBe("offline");
        var evidence = analysis["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).Where(e => e.StartsWith("model unavailable", StringComparison.Ordinal)).ToList();
        evidence.ShouldBe(["model unavailable: first: the model server answered 401 (unauthorized: check the API key)", "model unavailable: second: the model server answered 403 (forbidden)"]);
        var errors = await app.WithDbAsync(db => db.ModelCalls.Select(c => c.Error).ToListAsync());
        foreach (var text in errors.Append(analysis.ToJsonString()))
        {
            text.ShouldNotBeNull().ShouldNotContain("hunter2");
            text.ShouldNotContain("sk-reflected");
            text.ShouldNotContain("intranet");
        }
    }
}
