using System.Net;
using System.Text;
using System.Text.Json;
using BugSage.Core.Alerts.Delivery;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>
/// A signed button press while Slack's users.info is down, slow or answers something odd must
/// not be a 500: the press is answered (ephemerally) and the issue is left alone.
/// </summary>
public sealed class SlackInteractionFailureTests : IAsyncDisposable
{
    private const string Token = "xoxb-1234567890-abcdefghijkl";
    private const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private WebApplication? slack;
    private string usersInfo = """{"ok":true,"user":"U_ADMIN"}""";

    public async ValueTask DisposeAsync()
    {
        if (slack is not null) await slack.DisposeAsync();
    }

    private async Task<(BugSageFactory App, long IntegrationId, long IssueId, DateTimeOffset Now)> StartAsync()
    {
        Uri slackUrl;
        (slack, slackUrl) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/api/chat.postMessage", () => Results.Content("""{"ok":true}""", "application/json"));
            app.MapGet("/api/users.info", () => Results.Content(usersInfo, "application/json"));
        });
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Alerts:SlackApiUrl"] = new Uri(slackUrl, "/api/").ToString() }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var created = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "slack", name = "ops channel", botToken = Token, channel = "C0123", signingSecret = SigningSecret });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var integrationId = (await created.ReadJsonAsync())["id"].Long();
        await app.SendErrorsAsync("checkout", 1, clock.GetUtcNow());
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        return (app, integrationId, issueId, clock.GetUtcNow());
    }

    private static HttpRequestMessage Press(long integrationId, long issueId, DateTimeOffset at)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions", user = new { id = "U_ADMIN" },
            actions = new[] { new { action_id = "bugsage_resolve", value = issueId.ToString(), type = "button" } },
        });
        var body = "payload=" + Uri.EscapeDataString(payload);
        var timestamp = at.ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/integrations/slack/{integrationId}/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    [Fact]
    public async Task A_press_while_Slack_cannot_be_reached_is_answered_not_a_500()
    {
        var (app, integrationId, issueId, now) = await StartAsync();
        await using var _ = app;
        await slack!.DisposeAsync();
        slack = null;
        var pressed = await app.CreateClient().SendAsync(Press(integrationId, issueId, now));
        ((int)pressed.StatusCode).ShouldBeLessThan(500, await pressed.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
    }

    [Theory]
    [InlineData("""{"ok":true,"user":"U_ADMIN"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"ok":true,"user":{"profile":"x"}}""")]
    public async Task An_odd_users_info_answer_is_answered_not_a_500(string answer)
    {
        var (app, integrationId, issueId, now) = await StartAsync();
        await using var _ = app;
        usersInfo = answer;
        var pressed = await app.CreateClient().SendAsync(Press(integrationId, issueId, now));
        ((int)pressed.StatusCode).ShouldBeLessThan(500, await pressed.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
    }
}
