using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Alerts.Delivery;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// Slack in bot mode, against an in-test Slack Web API: messages go to the channel with buttons;
/// a button press, signed by the app, triages the issue as the BugSage member Slack says pressed it.
/// </summary>
public sealed class SlackAppTests : IAsyncDisposable
{
    private const string Token = "xoxb-1234567890-abcdefghijkl";
    private const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private readonly ConcurrentQueue<(string Path, string Authorization, string Body)> calls = new();
    private readonly Dictionary<string, string> emails = new() { ["U_ADMIN"] = BugSageFactory.AdminEmail, ["U_VIEWER"] = "viewer@example.com", ["U_STRANGER"] = "stranger@example.com" };
    private string postAnswer = """{"ok":true,"channel":"C0123","ts":"1.2"}""";
    private WebApplication? slack;
    private Uri slackUrl = null!;

    public async ValueTask DisposeAsync()
    {
        if (slack is not null) await slack.DisposeAsync();
    }

    private async Task<(BugSageFactory App, HttpClient Api, long ProjectId, long IntegrationId)> StartAsync(ManualClock? clock = null)
    {
        (slack, slackUrl) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/api/chat.postMessage", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                calls.Enqueue(("chat.postMessage", http.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
                return Results.Content(postAnswer, "application/json");
            });
            app.MapGet("/api/users.info", (HttpContext http, string user) =>
            {
                calls.Enqueue(("users.info", http.Request.Headers.Authorization.ToString(), user));
                return Results.Content(emails.TryGetValue(user, out var email)
                    ? JsonSerializer.Serialize(new { ok = true, user = new { id = user, profile = new { email } } })
                    : """{"ok":false,"error":"user_not_found"}""", "application/json");
            });
            app.MapPost("/respond", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                calls.Enqueue(("respond", "", await reader.ReadToEndAsync()));
                return Results.Ok();
            });
        });
        var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Alerts:SlackApiUrl"] = new Uri(slackUrl, "/api/").ToString() }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var created = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "slack", name = "ops channel", botToken = Token, channel = "C0123", signingSecret = SigningSecret });
        var body = await created.ReadJsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        body["interactive"]!.GetValue<bool>().ShouldBeTrue();
        body["slackChannel"].Str().ShouldBe("C0123");
        body.ToJsonString().ShouldNotContain(Token);
        body.ToJsonString().ShouldNotContain(SigningSecret);
        var integrationId = body["id"].Long();
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        return (app, api, projectId, integrationId);
    }

    private HttpRequestMessage Press(long integrationId, string user, string action, long issueId, DateTimeOffset at, string? secret = null)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions", user = new { id = user }, response_url = new Uri(slackUrl, "/respond").ToString(),
            actions = new[] { new { action_id = action, value = issueId.ToString(), type = "button" } },
        });
        var body = "payload=" + Uri.EscapeDataString(payload);
        var timestamp = at.ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/integrations/slack/{integrationId}/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(secret ?? SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    [Fact]
    public async Task A_bot_message_reaches_the_channel_with_buttons_and_a_press_resolves_as_its_member()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var (app, api, projectId, integrationId) = await StartAsync(clock);
        await using var _ = app;
        await app.SendErrorsAsync("checkout", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        var post = calls.Single(c => c.Path == "chat.postMessage");
        post.Authorization.ShouldBe("Bearer " + Token);
        var message = JsonNode.Parse(post.Body)!;
        message["channel"].Str().ShouldBe("C0123");
        var buttons = message["blocks"]!.AsArray().Last()!["elements"]!.AsArray();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        buttons.Where(b => b!["action_id"] is not null).Select(b => $"{b!["action_id"].Str()}={b["value"].Str()}")
            .ShouldBe([$"bugsage_resolve={issueId}", $"bugsage_ignore={issueId}", $"bugsage_assign_me={issueId}"]);

        var client = app.CreateClient();
        var pressed = await client.SendAsync(Press(integrationId, "U_ADMIN", "bugsage_resolve", issueId, clock.GetUtcNow()));
        pressed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await pressed.ReadJsonAsync())["text"].Str().ShouldBe("Resolved DEFAULT-1.");
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}"))["status"].Str().ShouldBe("resolved");
        var activity = await app.WithDbAsync(db => db.IssueActivities.Where(a => a.IssueId == issueId && a.Kind == "status_changed").Select(a => a.Actor).SingleAsync());
        activity.ShouldBe($"{BugSageFactory.AdminEmail} (Slack)");
        JsonNode.Parse(calls.Last(c => c.Path == "respond").Body)!["text"].Str().ShouldBe("Resolved DEFAULT-1.");

        (await (await client.SendAsync(Press(integrationId, "U_ADMIN", "bugsage_assign_me", issueId, clock.GetUtcNow()))).ReadJsonAsync())["text"].Str()
            .ShouldBe("Assigned DEFAULT-1 to you.");
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}"))["assignee"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Presses_that_are_unsigned_stale_foreign_or_not_allowed_change_nothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var (app, api, projectId, integrationId) = await StartAsync(clock);
        await using var _ = app;
        await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        await app.SendErrorsAsync("checkout", 1, clock.GetUtcNow());
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var client = app.CreateClient();
        var now = clock.GetUtcNow();

        (await client.SendAsync(Press(integrationId, "U_ADMIN", "bugsage_resolve", issueId, now, secret: "0000000000000000wrongsecret"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.SendAsync(Press(integrationId, "U_ADMIN", "bugsage_resolve", issueId, now.AddMinutes(-6)))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a replay after five minutes");
        (await client.SendAsync(Press(integrationId + 1000, "U_ADMIN", "bugsage_resolve", issueId, now))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var garbled = Press(integrationId, "U_ADMIN", "bugsage_resolve", issueId, now);
        garbled.Content = new StringContent("payload=%7Bnot-json", Encoding.UTF8, "application/x-www-form-urlencoded");
        var ts = now.ToUnixTimeSeconds().ToString();
        garbled.Headers.Remove("X-Slack-Signature");
        garbled.Headers.Add("X-Slack-Signature", SlackSignature.Sign(SigningSecret, ts, Encoding.UTF8.GetBytes("payload=%7Bnot-json")));
        (await client.SendAsync(garbled)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        async Task<string> SaidAsync(string user, long issue) => (await (await client.SendAsync(Press(integrationId, user, "bugsage_resolve", issue, now))).ReadJsonAsync())["text"].Str();
        (await SaidAsync("U_VIEWER", issueId)).ShouldBe("Your BugSage role does not allow triage.");
        (await SaidAsync("U_STRANGER", issueId)).ShouldBe("stranger@example.com is not a member of this project's organization in BugSage.");
        (await SaidAsync("U_UNKNOWN", issueId)).ShouldStartWith("BugSage could not read your email from Slack");
        // Another tenant's issue, named in a genuinely signed press: not this integration's project.
        var (_, _, otherProject) = await app.NewTenantAsync("other@example.com");
        var otherIssue = await app.WithDbAsync(async db =>
        {
            var issue = new BugSage.Core.Issues.Issue { ProjectId = otherProject, ShortNumber = 1, Title = "theirs", FirstSeen = DateTime.UtcNow, LastSeen = DateTime.UtcNow };
            db.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });
        (await SaidAsync("U_ADMIN", otherIssue)).ShouldBe("That issue is gone, or not in this channel's project.");
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}"))["status"].Str().ShouldBe("unresolved");
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == otherIssue).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
    }

    [Fact]
    public async Task Slacks_refusal_fails_the_delivery_with_its_reason_and_a_rate_limit_is_retried()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var (app, _, _, _) = await StartAsync(clock);
        await using var _ = app;
        postAnswer = """{"ok":false,"error":"ratelimited"}""";
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.AlertDeliveries.Select(d => d.Status + " " + d.Error).SingleAsync())).ShouldBe("queued Slack refused the message: ratelimited");

        postAnswer = """{"ok":false,"error":"channel_not_found"}""";
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        (await app.DeliverAsync()).ShouldBe(2);
        (await app.WithDbAsync(db => db.AlertDeliveries.OrderBy(d => d.Id).Select(d => d.Status + " " + d.Error).ToListAsync()))
            .ShouldBe(["failed Slack refused the message: channel_not_found", "failed Slack refused the message: channel_not_found"]);
    }
}

/// <summary>The signed callbacks read a body without a length only up to their limit.</summary>
public class CallbackBodyTests
{
    [Theory]
    [InlineData("/api/v1/integrations/slack/1/interactions")]
    [InlineData("/api/v1/integrations/github/repositories/1/webhook")]
    [InlineData("/api/v1/integrations/github/1/webhook")]
    public async Task A_chunked_body_past_the_limit_is_refused_with_413(string url)
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        // No Content-Length: the length is only known by reading.
        var content = new StreamContent(new MemoryStream(new byte[6 * 1024 * 1024]));
        var response = await app.CreateClient().PostAsync(url, content);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }
}
