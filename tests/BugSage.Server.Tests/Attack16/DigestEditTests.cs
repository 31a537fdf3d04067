using System.Net;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>A rule edited or deleted while a digest window is open: each firing reaches a target once.</summary>
public sealed class DigestEditTests
{
    /// <summary>A "new issue" rule in digest mode sending to the receiver.</summary>
    private static async Task<(HttpClient Api, long ProjectId, System.Text.Json.Nodes.JsonNode Rule)> DigestRuleAsync(BugSageFactory app, WebhookReceiver receiver, int digestMinutes)
    {
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var rule = await AlertSetup.RuleAsync(api, projectId, new
        {
            name = "digest", trigger = "new_issue", digestMinutes, issueIntervalMinutes = 0,
            actions = new[] { new { target = "integration", integrationId } },
        });
        return (api, projectId, rule);
    }

    [Fact]
    public async Task A_rule_taken_out_of_digest_mode_mid_window_does_not_send_its_later_firings_twice()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var (api, projectId, rule) = await DigestRuleAsync(app, receiver, 60);
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(5));
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{rule["id"].Long()}", new { digestMinutes = 0 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1, "the second firing goes at once");
        clock.Advance(TimeSpan.FromMinutes(60));
        await app.DeliverAsync();

        var shortIds = AlertSetup.Payloads(receiver)
            .SelectMany(p => p["data"]!["digest"] is { } digest ? digest.AsArray().Select(e => e!["shortId"].Str()) : [p["data"]!["issue"]!["shortId"].Str()])
            .ToList();
        string.Join(",", shortIds.Order()).ShouldBe("DEFAULT-1,DEFAULT-2", "each issue told about once");
    }

    [Fact]
    public async Task A_rule_whose_digest_window_shrinks_mid_window_does_not_send_firings_twice()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var (api, projectId, rule) = await DigestRuleAsync(app, receiver, 60);
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(5));
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{rule["id"].Long()}", new { digestMinutes = 10 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(60));
        await app.DeliverAsync();
        await app.DeliverAsync();

        var shortIds = AlertSetup.Payloads(receiver).SelectMany(p => p["data"]!["digest"]!.AsArray().Select(e => e!["shortId"].Str())).ToList();
        string.Join(",", shortIds.Order()).ShouldBe("DEFAULT-1,DEFAULT-2", "each issue told about once");
    }

    [Fact]
    public async Task A_digest_pending_for_a_deleted_rule_is_finished_without_a_crash()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var (api, projectId, rule) = await DigestRuleAsync(app, receiver, 10);
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        (await api.DeleteAsync($"/api/v1/projects/{projectId}/alert-rules/{rule["id"].Long()}")).IsSuccessStatusCode.ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(15));
        await app.DeliverAsync();
        var statuses = await app.WithDbAsync(db => db.AlertDeliveries.Select(d => d.Status).ToListAsync());
        statuses.ShouldAllBe(s => s != "queued" && s != "running", string.Join(",", statuses));
    }

    [Fact]
    public async Task A_test_notification_pressed_mid_window_does_not_cut_the_digest()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var (api, projectId, rule) = await DigestRuleAsync(app, receiver, 60);
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(5));
        (await api.PostAsync($"/api/v1/projects/{projectId}/alert-rules/{rule["id"].Long()}/test", null)).IsSuccessStatusCode.ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(5));
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(60));
        await app.DeliverAsync();

        var digest = AlertSetup.Payloads(receiver).Single(p => p["data"]!["digest"] is not null);
        string.Join(",", digest["data"]!["digest"]!.AsArray().Select(e => e!["shortId"].Str())).ShouldBe("DEFAULT-1,DEFAULT-2");
    }
}
