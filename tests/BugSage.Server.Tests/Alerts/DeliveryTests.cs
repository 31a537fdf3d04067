using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// The delivery worker, driven by hand with a clock moved by hand: retries with backoff until the
/// receiver recovers, honours Retry-After, gives up after 24 h, fails at once on an answer that
/// waiting will not change, and pauses a target that keeps failing.
/// </summary>
public class DeliveryTests
{
    private static async Task<(BugSageFactory App, HttpClient Api, long ProjectId, long IntegrationId)> StartAsync(
        string provider, ManualClock clock, WebhookReceiver receiver, Dictionary<string, string?>? overrides = null)
    {
        var app = await BugSageFactory.CreateAsync(provider, overrides, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        return (app, api, projectId, integrationId);
    }

    private static Task<BugSage.Core.Alerts.AlertDelivery> DeliveryAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.AlertDeliveries.AsNoTracking().SingleAsync());

    [Theory, SqliteData, PostgresData]
    public async Task A_failing_receiver_is_retried_with_backoff_until_it_recovers(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(503).Then(500).Then(200);
        var (app, _, _, _) = await StartAsync(provider, clock, receiver);
        await using var _app = app;
        await app.SendErrorsAsync("flaky", 1, clock.GetUtcNow());

        (await app.DeliverAsync()).ShouldBe(1);
        var first = await DeliveryAsync(app);
        (first.Status, first.SendCount, first.LastStatusCode).ShouldBe(("queued", 1, 503));
        var delay = first.NextAttemptAt - clock.GetUtcNow().UtcDateTime;
        delay.ShouldBeInRange(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        (await app.DeliverAsync()).ShouldBe(0, "not due yet");

        clock.Advance(TimeSpan.FromSeconds(31));
        (await app.DeliverAsync()).ShouldBe(1);
        var second = await DeliveryAsync(app);
        (second.Status, second.SendCount).ShouldBe(("queued", 2));
        (second.NextAttemptAt - clock.GetUtcNow().UtcDateTime).ShouldBeInRange(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

        clock.Advance(TimeSpan.FromMinutes(1));
        (await app.DeliverAsync()).ShouldBe(1);
        var done = await DeliveryAsync(app);
        (done.Status, done.SendCount, done.Error).ShouldBe(("delivered", 3, null));
        receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem("one id across retries, so the receiver can drop a copy");
        var attempts = await app.WithDbAsync(db => db.DeliveryAttempts.OrderBy(a => a.Number).Select(a => $"{a.Number} {a.Succeeded} {a.StatusCode} {a.Error}").ToListAsync());
        attempts.ShouldBe(["1 False 503 answered 503 Service Unavailable", "2 False 500 answered 500 Internal Server Error", "3 True 200 "]);
        (await app.WithDbAsync(db => db.AlertIntegrations.SingleAsync())).ConsecutiveFailures.ShouldBe(0, "a success ends the streak");
    }

    [Fact]
    public async Task Retry_after_from_the_receiver_sets_the_next_attempt()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(429, retryAfterSeconds: 600).Then(200);
        var (app, _, _, _) = await StartAsync("sqlite", clock, receiver);
        await using var _app = app;
        await app.SendErrorsAsync("limited", 1, clock.GetUtcNow());
        await app.DeliverAsync();
        (await DeliveryAsync(app)).NextAttemptAt.ShouldBe(clock.GetUtcNow().UtcDateTime.AddSeconds(600), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(599));
        (await app.DeliverAsync()).ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(2));
        (await app.DeliverAsync()).ShouldBe(1);
        (await DeliveryAsync(app)).Status.ShouldBe("delivered");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_receiver_that_never_recovers_is_given_up_after_24_hours(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var start = clock.GetUtcNow();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(500);
        var (app, _, _, _) = await StartAsync(provider, clock, receiver, new() { ["BugSage:Alerts:PauseAfterFailures"] = "1000" });
        await using var _app = app;
        await app.SendErrorsAsync("down", 1, clock.GetUtcNow());
        for (var round = 0; round < 60 && await DeliveryAsync(app) is { Status: "queued" } queued; round++)
        {
            // Straight to each retry's time: the schedule, not the test, decides when it ends.
            if (queued.NextAttemptAt > clock.GetUtcNow().UtcDateTime) clock.Advance(queued.NextAttemptAt - clock.GetUtcNow().UtcDateTime);
            (await app.DeliverAsync()).ShouldBe(1);
        }
        var delivery = await DeliveryAsync(app);
        delivery.Status.ShouldBe("failed");
        delivery.Error!.ShouldStartWith("Given up after");
        delivery.SendCount.ShouldBeGreaterThan(10);
        receiver.Requests.Count.ShouldBe(delivery.SendCount);
        (delivery.FinishedAt!.Value - start.UtcDateTime).ShouldBeLessThanOrEqualTo(TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task An_answer_that_waiting_will_not_change_fails_at_once()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(410);
        var (app, _, _, _) = await StartAsync("sqlite", clock, receiver);
        await using var _app = app;
        await app.SendErrorsAsync("gone", 1, clock.GetUtcNow());
        await app.DeliverAsync();
        var delivery = await DeliveryAsync(app);
        (delivery.Status, delivery.SendCount, delivery.Error).ShouldBe(("failed", 1, "answered 410 Gone"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_target_failing_repeatedly_is_paused_and_resumed_deliveries_go_out(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(500);
        var (app, api, projectId, integrationId) = await StartAsync(provider, clock, receiver, new() { ["BugSage:Alerts:PauseAfterFailures"] = "2" });
        await using var _app = app;
        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(2);
        var integration = await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}");
        integration["paused"]!.GetValue<bool>().ShouldBeTrue();
        integration["pausedReason"].Str().ShouldBe("2 failed attempts in a row");
        (await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "integration.paused").Select(a => a.Target).ToListAsync()))
            .ShouldBe(["default/webhook receiver"]);

        clock.Advance(TimeSpan.FromHours(1));
        (await app.DeliverAsync()).ShouldBe(2);
        receiver.Requests.Count.ShouldBe(2, "nothing is sent to a paused target");
        api = await app.SignedInClientAsync();
        var skipped = (await api.GetJsonAsync("/api/v1/deliveries?status=skipped")).Items();
        skipped.Count.ShouldBe(2);
        skipped[0]!["lastError"].Str().ShouldStartWith("The target is paused");

        receiver.Then(200);
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}", new { paused = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var delivery in skipped)
            (await api.PostAsync($"/api/v1/deliveries/{delivery!["id"].Long()}/redeliver", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostAsync($"/api/v1/deliveries/{skipped[0]!["id"].Long()}/redeliver", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "queued already");
        (await app.DeliverAsync()).ShouldBe(2);
        (await api.GetJsonAsync("/api/v1/deliveries?status=delivered")).Items().Count.ShouldBe(2);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "alert_delivery.redelivered").CountAsync());
        audit.ShouldBe(2);
    }
}
