using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// Each kind of rule fires when its condition is met and only then; the firing is written with
/// the digest and sent by the delivery worker (driven here) as a signed, versioned webhook.
/// </summary>
public class AlertRuleTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_new_issue_is_sent_once_as_a_signed_versioned_webhook(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, secret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        secret.ShouldStartWith("whsec_");
        var rule = await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");

        await app.SendErrorsAsync("checkout", 2);
        (await app.DeliverAsync()).ShouldBe(1);
        await app.SendErrorsAsync("checkout", 1);
        (await app.DeliverAsync()).ShouldBe(0, "the issue is no longer new");

        var request = receiver.Requests.ShouldHaveSingleItem();
        WebhookReceiver.Verify(request, secret).ShouldBeTrue();
        WebhookReceiver.Verify(request, "whsec_" + Convert.ToBase64String(new byte[24])).ShouldBeFalse();
        request.Headers["webhook-id"].ShouldStartWith("msg_");
        var payload = AlertSetup.Payloads(receiver).Single();
        payload["type"].Str().ShouldBe("issue.created");
        payload["schemaVersion"]!.GetValue<int>().ShouldBe(1);
        payload["data"]!["issue"]!["shortId"].Str().ShouldBe("DEFAULT-1");
        payload["data"]!["issue"]!["url"].Str().ShouldEndWith($"/issues/{payload["data"]!["issue"]!["id"].Long()}");
        payload["data"]!["event"]!["frames"]![0].Str().ShouldContain("checkout (/srv/app/src/users.js:42)");
        payload["data"]!["event"]!["environment"].Str().ShouldBe("production");

        var fired = await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{rule["id"].Long()}");
        fired["lastFiredAt"].ShouldNotBeNull();
        fired["lastFiredReason"].Str().ShouldBe("new issue: DEFAULT-1 (error)");
        var delivery = (await api.GetJsonAsync($"/api/v1/deliveries?ruleId={rule["id"].Long()}")).Items().ShouldHaveSingleItem()!;
        delivery["status"].Str().ShouldBe("delivered");
        var detail = await api.GetJsonAsync($"/api/v1/deliveries/{delivery["id"].Long()}");
        detail["attempts"]!.AsArray().ShouldHaveSingleItem()!["statusCode"]!.GetValue<int>().ShouldBe(200);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_regression_fires_when_a_resolved_issue_comes_back(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "regression");
        await app.SendErrorsAsync("billing", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.DeliverAsync()).ShouldBe(0, "a new issue is no regression");

        await app.SendErrorsAsync("billing", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        AlertSetup.Payloads(receiver).Single()["type"].Str().ShouldBe("issue.regressed");
    }

    [Fact]
    public async Task An_escalating_issue_fires_its_rule()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "escalating");
        var now = clock.GetUtcNow();
        for (var day = 3; day >= 1; day--) await app.SendErrorsAsync("spiky", 1, now.AddDays(-day));
        (await app.DeliverAsync()).ShouldBe(0);

        await app.SendErrorsAsync("spiky", 12, now);
        (await app.DeliverAsync()).ShouldBe(1);
        AlertSetup.Payloads(receiver).Single()["type"].Str().ShouldBe("issue.escalating");
    }

    [Theory, SqliteData, PostgresData]
    public async Task More_than_n_events_or_m_users_in_the_window_fires(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var events = await AlertSetup.RuleToAsync(api, projectId, integrationId, "event_frequency", threshold: 3, windowMinutes: 60, issueIntervalMinutes: 30);
        var users = await AlertSetup.RuleToAsync(api, projectId, integrationId, "user_frequency", threshold: 4, windowMinutes: 60, issueIntervalMinutes: 30);

        await app.SendErrorsAsync("hot", 3, userPrefix: "a");
        (await app.DeliverAsync()).ShouldBe(0, "3 events and 3 users: not more than either threshold");
        await app.SendErrorsAsync("hot", 1, userPrefix: "b");
        (await app.DeliverAsync()).ShouldBe(1, "4 events, 4 users");
        await app.SendErrorsAsync("hot", 1, userPrefix: "c");
        (await app.DeliverAsync()).ShouldBe(1, "5 users; the event rule waits for its interval");

        var reasons = await app.WithDbAsync(db => db.AlertFirings.OrderBy(f => f.Id).Select(f => f.RuleId + " " + f.Reason).ToListAsync());
        reasons.ShouldBe([
            $"{events["id"].Long()} 4 events in 60 min (more than 3): DEFAULT-1 (error)",
            $"{users["id"].Long()} 5 users in 60 min (more than 4): DEFAULT-1 (error)",
        ]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Conditions_on_level_environment_release_tags_and_text_decide(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        object[] matching =
        [
            new { levels = new[] { "error", "fatal" } },
            new { environments = new[] { "production" }, releases = new[] { "app@1.0.0" } },
            new { tags = new Dictionary<string, string> { ["route"] = "/users/:id" } },
            new { culpritPattern = @"^payments\(" },
            new { messagePattern = "reading '(name|id)'" },
        ];
        object[] other =
        [
            new { levels = new[] { "warning" } },
            new { environments = new[] { "staging" } },
            new { releases = new[] { "app@2.0.0" } },
            new { tags = new Dictionary<string, string> { ["route"] = "/health" } },
            new { culpritPattern = "^billing" },
            new { messagePattern = "timeout" },
        ];
        foreach (var conditions in matching.Concat(other))
            await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue", conditions);

        await app.SendErrorsAsync("payments", 1);
        (await app.DeliverAsync()).ShouldBe(matching.Length);
    }

    [Fact]
    public async Task A_pattern_that_cannot_be_compiled_is_refused()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules",
            new { name = "bad", trigger = "new_issue", conditions = new { messagePattern = "(unclosed" }, actions = new[] { new { target = "members" } } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("messagePattern");
    }

    [Theory, SqliteData, PostgresData]
    public async Task One_message_per_issue_per_interval_and_no_more_than_the_hourly_cap(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "event_frequency", threshold: 1, windowMinutes: 60, issueIntervalMinutes: 30);
        var capped = await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue", maxFiringsPerHour: 2);

        await app.SendErrorsAsync("busy", 2, clock.GetUtcNow());
        await app.SendErrorsAsync("busy", 2, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(20));
        await app.SendErrorsAsync("busy", 2, clock.GetUtcNow());
        (await FiringsAsync(app, "event_frequency")).ShouldBe(1, "within 30 minutes of the first message");
        clock.Advance(TimeSpan.FromMinutes(11));
        await app.SendErrorsAsync("busy", 2, clock.GetUtcNow());
        (await FiringsAsync(app, "event_frequency")).ShouldBe(2);

        foreach (var function in new[] { "one", "two", "three", "four" }) await app.SendErrorsAsync(function, 1, clock.GetUtcNow());
        (await FiringsAsync(app, "new_issue")).ShouldBe(2, "the rule's cap is 2 an hour; busy was the first");
        clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendErrorsAsync("five", 1, clock.GetUtcNow());
        (await FiringsAsync(app, "new_issue")).ShouldBe(3);
        // Signed in again: the clock moved past the first access token's lifetime.
        api = await app.SignedInClientAsync();
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{capped["id"].Long()}"))["lastFiredReason"].Str().ShouldStartWith("new issue: DEFAULT-");
    }

    private static Task<int> FiringsAsync(BugSageFactory app, string trigger) =>
        app.WithDbAsync(db => db.AlertFirings.CountAsync(f => f.Trigger == trigger));
}
