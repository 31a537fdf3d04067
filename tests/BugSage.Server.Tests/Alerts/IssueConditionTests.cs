using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>The conditions on the issue rather than the event: its platform, whether someone has it, and its age.</summary>
public class IssueConditionTests
{
    private static async Task<(BugSageFactory App, HttpClient Api, long ProjectId, long IntegrationId)> StartAsync(WebhookReceiver receiver, ManualClock? clock = null)
    {
        var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        return (app, api, projectId, integrationId);
    }

    private static List<string> RulesFired(WebhookReceiver receiver) =>
        AlertSetup.Payloads(receiver).Select(p => p["data"]!["rule"]!["name"].Str()).Order().ToList();

    [Fact]
    public async Task A_platform_condition_fires_only_for_events_of_that_platform()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, api, projectId, integrationId) = await StartAsync(receiver);
        await using var _ = app;
        foreach (var (name, platforms) in new[] { ("node", new[] { "node" }), ("python or go", new[] { "python", "go" }) })
            await AlertSetup.RuleAsync(api, projectId, new
            {
                name, trigger = "new_issue", conditions = new { platforms }, actions = new[] { new { target = "integration", integrationId } },
            });
        await app.SendErrorsAsync("checkout", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        RulesFired(receiver).ShouldBe(["node"]);
    }

    [Fact]
    public async Task Assigned_and_unassigned_conditions_follow_the_issue()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, api, projectId, integrationId) = await StartAsync(receiver);
        await using var _ = app;
        foreach (var (name, assigned) in new[] { ("assigned", true), ("unassigned", false) })
            await AlertSetup.RuleAsync(api, projectId, new
            {
                name, trigger = "regression", conditions = new { assigned }, issueIntervalMinutes = 0, actions = new[] { new { target = "integration", integrationId } },
            });
        await app.SendErrorsAsync("billing", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var me = (await api.GetJsonAsync("/api/v1/me"))["id"].Long();

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("billing", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        RulesFired(receiver).ShouldBe(["unassigned"]);

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved", assigneeId = me })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("billing", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        RulesFired(receiver).ShouldBe(["assigned", "unassigned"]);
    }

    [Fact]
    public async Task Issue_age_bounds_count_from_the_first_event()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, api, projectId, integrationId) = await StartAsync(receiver, clock);
        await using var _ = app;
        foreach (var (name, conditions) in new (string, object)[] { ("older than a day", new { minIssueAgeMinutes = 1440 }), ("younger than an hour", new { maxIssueAgeMinutes = 60 }) })
            await AlertSetup.RuleAsync(api, projectId, new
            {
                name, trigger = "event_frequency", threshold = 1, windowMinutes = 60 * 24 * 7, conditions, issueIntervalMinutes = 0,
                actions = new[] { new { target = "integration", integrationId } },
            });
        await app.SendErrorsAsync("search", 2, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        RulesFired(receiver).ShouldBe(["younger than an hour"]);

        clock.Advance(TimeSpan.FromDays(2));
        await app.SendErrorsAsync("search", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        RulesFired(receiver).ShouldBe(["older than a day", "younger than an hour"]);
    }

    [Fact]
    public async Task Inconsistent_age_bounds_are_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, api, projectId, _) = await StartAsync(receiver);
        await using var _app = app;
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules", new
        {
            name = "x", trigger = "new_issue", conditions = new { minIssueAgeMinutes = 60, maxIssueAgeMinutes = 30 }, actions = new[] { new { target = "members" } },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("maxIssueAgeMinutes");
    }
}
