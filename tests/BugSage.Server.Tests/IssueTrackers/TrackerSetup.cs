using System.Net;
using System.Security.Cryptography;
using System.Text;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>A server with one issue, and tracker integrations made through the API as an admin would.</summary>
internal static class TrackerSetup
{
    public const string GitHubToken = "ghp_test_token_that_must_never_be_shown";
    public const string JiraToken = "jira-api-token-that-must-never-be-shown";

    public static async Task<(BugSageFactory App, HttpClient Api, long ProjectId, long IssueId)> StartAsync(ManualClock clock, string provider = "sqlite")
    {
        var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("chargeCard", 2, clock.GetUtcNow());
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        return (app, api, projectId, issueId);
    }

    /// <summary>A GitHub integration for <c>acme/api</c> on the fake server; its id and the webhook secret shown once.</summary>
    public static async Task<(long Id, string Secret)> GitHubAsync(HttpClient api, long projectId, FakeGitHub github, bool closeOnResolve = true)
    {
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "github", name = "acme/api issues", repository = "acme/api", token = GitHubToken, baseUrl = github.ApiUrl, closeOnResolve });
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        return (body["id"].Long(), body["secret"].Str());
    }

    public static async Task<(long Id, string Secret)> JiraAsync(HttpClient api, long projectId, FakeJira jira, string flavor)
    {
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new
        {
            kind = "jira", name = $"Jira {flavor}", baseUrl = jira.SiteUrl, flavor, email = flavor == "cloud" ? "bot@acme.example" : null,
            token = JiraToken, projectKey = "OPS",
        });
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        return (body["id"].Long(), body["secret"].Str());
    }

    /// <summary>Creates (no key) or links a tracker issue through the API.</summary>
    public static Task<HttpResponseMessage> LinkAsync(HttpClient api, long issueId, long integrationId, string? key = null) =>
        api.PostJsonAsync($"/api/v1/issues/{issueId}/external-issues", new { integrationId, key });

    /// <summary>Runs the tracker outbox as the worker would.</summary>
    public static Task<int> SyncAsync(this BugSageFactory app) =>
        app.Services.GetRequiredService<Core.IssueTrackers.ExternalIssueSyncWorker>().RunQueuedAsync(CancellationToken.None);

    public static Task<string> IssueStatusAsync(this BugSageFactory app, long issueId) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync());

    /// <summary>The signature both trackers send: <c>sha256=</c> and the hex HMAC-SHA256 of the body, computed here independently of the server.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static Task<HttpResponseMessage> GitHubHookAsync(HttpClient client, long integrationId, string? secret, string deliveryId, string action, int number,
        string repository = "acme/api", string? body = null)
    {
        body ??= $$$"""{"action":"{{{action}}}","issue":{"number":{{{number}}},"state":"{{{(action == "closed" ? "closed" : "open")}}}"},"repository":{"full_name":"{{{repository}}}"}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/integrations/github/{integrationId}/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        if (secret is not null) request.Headers.Add("X-Hub-Signature-256", Sign(secret, body));
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> JiraHookAsync(HttpClient client, long integrationId, string? secret, string deliveryId, string key, string category, string? body = null)
    {
        body ??= new System.Text.Json.Nodes.JsonObject
        {
            ["timestamp"] = 1764720000000,
            ["webhookEvent"] = "jira:issue_updated",
            ["issue"] = new System.Text.Json.Nodes.JsonObject
            {
                ["key"] = key,
                ["fields"] = new System.Text.Json.Nodes.JsonObject { ["status"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "x", ["statusCategory"] = new System.Text.Json.Nodes.JsonObject { ["key"] = category } } },
            },
            ["changelog"] = System.Text.Json.Nodes.JsonNode.Parse("""{"items":[{"field":"status","fromString":"a","toString":"b"}]}"""),
        }.ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/integrations/jira/{integrationId}/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Atlassian-Webhook-Identifier", deliveryId);
        if (secret is not null) request.Headers.Add("X-Hub-Signature", Sign(secret, body));
        return client.SendAsync(request);
    }
}
