using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// A rule in digest mode sends one message per target for each window of its minutes, listing
/// what fired in it; nothing leaves before the window ends, and the next window starts afresh.
/// </summary>
public class DigestModeTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Firings_within_a_window_arrive_as_one_message_when_it_ends(string provider)
    {
        // 12:01: inside the 12:00–12:10 window.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, secret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var rule = await AlertSetup.RuleAsync(api, projectId, new
        {
            name = "New issues, every 10 minutes", trigger = "new_issue", digestMinutes = 10, issueIntervalMinutes = 0,
            actions = new[] { new { target = "integration", integrationId } },
        });
        rule["digestMinutes"]!.GetValue<int>().ShouldBe(10);

        await app.SendErrorsAsync("checkout", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(3));
        await app.SendErrorsAsync("billing", 2, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(2));
        await app.SendErrorsAsync("search", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(0, "the window is still open");
        (await app.WithDbAsync(db => db.AlertFirings.CountAsync())).ShouldBe(3, "each new issue fired");
        (await app.WithDbAsync(db => db.AlertDeliveries.CountAsync())).ShouldBe(1, "one delivery gathers the window");

        clock.Advance(TimeSpan.FromMinutes(5)); // 12:11, past the window and its grace
        (await app.DeliverAsync()).ShouldBe(1);
        var request = receiver.Requests.ShouldHaveSingleItem();
        WebhookReceiver.Verify(request, secret).ShouldBeTrue();
        var payload = AlertSetup.Payloads(receiver).Single();
        payload["type"].Str().ShouldBe("alert.digest");
        var data = payload["data"]!;
        data["reason"].Str().ShouldBe("3 alerts of “New issues, every 10 minutes” from 12:01 to 12:10 UTC");
        data["digest"]!.AsArray().Select(e => e!["shortId"].Str()).ShouldBe(["DEFAULT-1", "DEFAULT-2", "DEFAULT-3"]);
        data["digest"]![1]!["reason"].Str().ShouldBe("new issue: DEFAULT-2 (error)");
        data["rule"]!["id"].Long().ShouldBe(rule["id"].Long());

        // The next window is a new message.
        await app.SendErrorsAsync("profile", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(0);
        clock.Advance(TimeSpan.FromMinutes(10));
        (await app.DeliverAsync()).ShouldBe(1);
        AlertSetup.Payloads(receiver).Last()["data"]!["digest"]!.AsArray().Select(e => e!["shortId"].Str()).ShouldBe(["DEFAULT-4"]);
    }

    [Fact]
    public async Task A_digest_retried_after_a_failure_sends_the_same_list()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 9, 0, 30, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(503).Then(200);
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleAsync(api, projectId, new
        {
            name = "digest", trigger = "new_issue", digestMinutes = 5, actions = new[] { new { target = "integration", integrationId } },
        });
        await app.SendErrorsAsync("a", 1, clock.GetUtcNow());
        await app.SendErrorsAsync("b", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(5));
        (await app.DeliverAsync()).ShouldBe(1);
        // A firing after the window (in the next one) must not join the retried message.
        await app.SendErrorsAsync("c", 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.DeliverAsync();
        var bodies = receiver.Requests.Select(r => r.Body).ToList();
        bodies.Count.ShouldBe(2);
        bodies[1].ShouldBe(bodies[0], "a retry sends what the first attempt sent");
        (await app.WithDbAsync(db => db.AlertDeliveries.Select(d => d.Status).OrderBy(s => s).ToListAsync())).ShouldBe(["delivered", "queued"]);
    }

    [Fact]
    public async Task A_window_opened_twice_at_once_by_two_nodes_is_still_sent_once_per_target()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 9, 0, 30, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleAsync(api, projectId, new
        {
            name = "digest", trigger = "new_issue", digestMinutes = 5, actions = new[] { new { target = "integration", integrationId } },
        });
        await app.SendErrorsAsync("a", 1, clock.GetUtcNow());
        // What a second node's digest, committing at the same moment, leaves: its own delivery for the same window and target.
        await app.WithDbAsync(async db =>
        {
            var twin = await db.AlertDeliveries.AsNoTracking().SingleAsync();
            twin.Id = 0;
            db.AlertDeliveries.Add(twin);
            await db.SaveChangesAsync();
        });
        await app.SendErrorsAsync("b", 1, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromMinutes(5));
        (await app.DeliverAsync()).ShouldBe(2);
        receiver.Requests.ShouldHaveSingleItem();
        AlertSetup.Payloads(receiver).Single()["data"]!["digest"]!.AsArray().Count.ShouldBe(2, "the one message lists the whole window");
        (await app.WithDbAsync(db => db.AlertDeliveries.OrderBy(d => d.Id).Select(d => d.Status).ToListAsync())).ShouldBe(["delivered", "skipped"]);
    }

    [Fact]
    public async Task Digest_minutes_out_of_range_are_refused()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules",
            new { name = "x", trigger = "new_issue", digestMinutes = 1441, actions = new[] { new { target = "members" } } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("digestMinutes");
    }
}
