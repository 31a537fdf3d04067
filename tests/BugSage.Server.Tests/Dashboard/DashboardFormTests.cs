using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The dashboard's smaller actions: the project switcher, the overview's live counters, merging from an issue page, and rejecting or cancelling a fix session.</summary>
public sealed class DashboardFormTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Go_opens_the_chosen_projects_issues_or_home_without_one()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var browser = await DashboardSession.SignInAsync(app);
        (await browser.Client.GetAsync("/dashboard/go?project=7")).Headers.Location!.OriginalString.ShouldBe("/projects/7/issues");
        (await browser.Client.GetAsync("/dashboard/go")).Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Project_stats_are_the_overviews_counters()
    {
        // Half past the last hour, on a clock that stands still: the last 60 minutes are that hour's
        // events. (Recent, so that the sign-in cookie has not expired by the test client's clock.)
        var real = DateTimeOffset.UtcNow.AddHours(-1);
        var clock = new ManualClock(new DateTimeOffset(real.Year, real.Month, real.Day, real.Hour, 30, 0, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        await app.SendErrorsAsync("getUser", 2, clock.GetUtcNow());
        await app.SendErrorsAsync("getOrder", 1, clock.GetUtcNow());
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);

        var stats = await browser.Client.GetJsonAsync($"/dashboard/projects/{projectId}/stats");
        (stats["events-per-minute"].Str(), stats["new-issues"].Str(), stats["unresolved"].Str(), stats["regressed"].Str()).ShouldBe(("0.05", "2", "2", "0"));

        (await browser.Client.GetAsync($"/dashboard/projects/{projectId + 100}/stats")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Merging_from_an_issue_page_folds_the_other_issue_in_and_refuses_one_from_elsewhere()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("getUser", 2);
        await app.SendErrorsAsync("getOrder", 1);
        var (projectId, _) = await app.DefaultKeyAsync();
        var ids = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
        var browser = await DashboardSession.SignInAsync(app);

        var merged = await browser.PostFormAsync($"/dashboard/issues/{ids[0]}/merge", ("other", ids[1].ToString()));

        merged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var api = await app.SignedInClientAsync();
        var left = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().ShouldHaveSingleItem()!;
        left["count"]!.GetValue<long>().ShouldBe(3);
        merged.Headers.Location!.OriginalString.ShouldBe($"/projects/{projectId}/issues/{left["id"].Long()}");

        var (_, _, elsewhere) = await app.NewTenantAsync("other@example.com");
        var otherKey = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == elsewhere).Select(k => k.PublicKey).SingleAsync());
        var eventId = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), elsewhere, otherKey, Envelopes.Event(eventId, Envelopes.NodeError(eventId)))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        var foreign = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == elsewhere).Select(i => i.Id).SingleAsync());
        var refused = await browser.PostFormAsync($"/dashboard/issues/{left["id"].Long()}/merge", ("other", foreign.ToString()));
        refused.Headers.Location!.OriginalString.ShouldEndWith("?error=" + Uri.EscapeDataString("That issue is not in this project."));
    }

    [Fact]
    public async Task A_session_is_rejected_and_another_cancelled_from_the_session_page()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var first = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();
        var browser = await DashboardSession.SignInAsync(app);

        var rejected = await browser.PostFormAsync($"/dashboard/fix-sessions/{first}/reject", ("comment", "not like this"));
        rejected.Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{first}");
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{first}"))["status"].Str().ShouldBe("rejected");

        var second = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        var cancelled = await browser.PostFormAsync($"/dashboard/fix-sessions/{second}/cancel");
        cancelled.Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{second}");
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{second}"))["status"].Str().ShouldBe("cancelled");
        (await app.RunFixSessionsAsync()).ShouldBe(0, "a cancelled session is not run");

        var again = await browser.PostFormAsync($"/dashboard/fix-sessions/{second}/cancel");
        again.Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{second}?error=" + Uri.EscapeDataString("Only a queued or running session can be cancelled; this one is cancelled"));
    }
}
