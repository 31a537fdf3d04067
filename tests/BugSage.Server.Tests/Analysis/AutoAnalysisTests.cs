using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>The policy decides which issues are analysed without anyone asking.</summary>
public class AutoAnalysisTests
{
    [Fact]
    public async Task Issues_reaching_the_minimum_are_analysed_once_within_the_hourly_limit()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var auto = app.Services.GetRequiredService<AutoAnalysis>();
        await PolicyAsync(app, new { minimumEvents = 3, maxAutomaticRunsPerHour = 1 });

        await app.SendErrorsAsync("getUser", 2);
        var first = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeFalse("2 events, the policy asks for 3");

        await app.SendErrorsAsync("getUser", 1);
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeTrue("3 events reach the minimum");
        var analyses = await app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.IssueId == first).ToListAsync());
        analyses.ShouldHaveSingleItem().RequestedBy.ShouldBe(AutoAnalysis.RequestedBy);
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeFalse("already analysed");

        // The hourly limit of 1 is spent: a second busy issue waits.
        await app.SendErrorsAsync("getOrder", 3);
        var second = await app.WithDbAsync(db => db.Issues.Where(i => i.Id != first).Select(i => i.Id).SingleAsync());
        (await auto.ConsiderAsync(second, CancellationToken.None)).ShouldBeFalse("over the hourly limit");
        (await app.WithDbAsync(db => db.IssueAnalyses.CountAsync(a => a.IssueId == second))).ShouldBe(0);
    }

    [Fact]
    public async Task A_fixable_analysis_starts_a_fix_session_when_the_ceiling_allows_code()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var auto = app.Services.GetRequiredService<AutoAnalysis>();
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);

        // The default ceiling is analysis: no session.
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeFalse();
        await PolicyAsync(app, new { automationCeiling = "code", codeChangeFloor = 0.5, pullRequestFloor = 0.9 });
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeTrue("the ceiling now allows code");
        var sessions = await app.WithDbAsync(db => db.FixSessions.Where(s => s.IssueId == issueId).ToListAsync());
        sessions.ShouldHaveSingleItem().RequestedBy.ShouldBe(AutoAnalysis.RequestedBy);
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeFalse("one session per issue");
    }

    [Fact]
    public async Task A_busy_issue_is_weighed_once_while_it_waits_and_then_rests_while_its_hour_is_spent()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        using var weighed = new MetricCount(app, "bugsage_auto_analysis_decisions_total", "decision");
        await PolicyAsync(app, new { minimumEvents = 1, maxAutomaticRunsPerHour = 1, analysisFloor = 0.0 });
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the first issue takes the hour's one run");

        // Three batches announce the second issue before anything weighs it: it is weighed once.
        for (var batch = 0; batch < 3; batch++) await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        (weighed.Of("queued"), weighed.Of("hour_spent"), weighed.Total).ShouldBe((1, 1, 2));

        // Announced again while its organization's hour is spent: it rests a few minutes (a place may free up early), and
        // then until the first run turns an hour old.
        clock.Advance(ConsiderationMemo.HourSpentRest - TimeSpan.FromMinutes(1));
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        weighed.Total.ShouldBe(2, "it rests");
        clock.Advance(TimeSpan.FromMinutes(2));
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        weighed.Of("hour_spent").ShouldBe(2, "its rest ended and the hour is still spent");
        clock.Advance(TimeSpan.FromMinutes(55));
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the hour freed up");

        // Analysed: no announcement of either issue is weighed again.
        await app.SendErrorsAsync("getUser", 1);
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        (weighed.Of("queued"), weighed.Total).ShouldBe((2, 4));
    }

    [Fact]
    public async Task An_issue_found_unfixable_rests_until_it_regresses_or_the_policy_changes()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        using var weighed = new MetricCount(app, "bugsage_auto_analysis_decisions_total", "decision");
        var api = await app.SignedInClientAsync();
        // No estimate reaches a floor of 1.
        await PolicyAsync(app, new { minimumEvents = 1, analysisFloor = 1.0, codeChangeFloor = 1.0, pullRequestFloor = 1.0 });
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        (weighed.Of("not_fixable"), weighed.Total).ShouldBe((1, 1), "the second announcement came while it rested");

        // A regression is weighed at once.
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).EnsureSuccessStatusCode();
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        weighed.Of("not_fixable").ShouldBe(2, "the regression ended its rest");

        // The rest would last 15 minutes; a new policy ends it.
        await PolicyAsync(app, new { minimumEvents = 1, analysisFloor = 0.0 }, version: 1);
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.IssueAnalyses.CountAsync(a => a.IssueId == issueId))).ShouldBe(1);
    }

    [Fact]
    public async Task Too_few_events_is_not_remembered_the_next_event_reaches_the_minimum()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await PolicyAsync(app, new { minimumEvents = 2, analysisFloor = 0.0 });
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0);
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_write_is_not_remembered_and_the_next_announcement_queues_the_analysis()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await PolicyAsync(app, new { minimumEvents = 1, analysisFloor = 0.0 });
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER test_refuse_analyses BEFORE INSERT ON issue_analyses BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;"));
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0, "the write fails");
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_refuse_analyses"));

        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the write works again");
        (await app.WithDbAsync(db => db.IssueAnalyses.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_policy_saved_while_an_issue_is_weighed_under_the_old_one_leaves_no_rest()
    {
        var clock = new ClockWithHook();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        await PolicyAsync(app, new { minimumEvents = 1, maxAutomaticRunsPerHour = 1, analysisFloor = 0.0 });
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the first issue takes the hour's one run");

        await app.SendErrorsAsync("getOrder", 1);
        // Weighing reads the clock right after the policy: the admin's save lands between the two.
        clock.Once = () => Task.Run(() => PolicyAsync(app, new { minimumEvents = 1, maxAutomaticRunsPerHour = 10, analysisFloor = 0.0 }, version: 1)).GetAwaiter().GetResult();
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0, "weighed under the old limit of 1");
        clock.Once.ShouldBeNull("the save ran during the weighing");

        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the limit is now 10");
    }

    [Fact]
    public async Task A_place_freed_early_in_the_hour_is_used_within_the_spent_hour_s_shorter_rest()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        await PolicyAsync(app, new { minimumEvents = 1, maxAutomaticRunsPerHour = 1, analysisFloor = 0.0 });
        await app.SendErrorsAsync("getUser", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1);
        var first = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(0, "the hour is spent");

        // Deleting the analysed issue takes its run with it: the place is free long before the run would turn an hour old.
        (await api.DeleteAsync($"/api/v1/issues/{first}")).EnsureSuccessStatusCode();
        (await app.WithDbAsync(db => db.IssueAnalyses.CountAsync())).ShouldBe(0);
        clock.Advance(ConsiderationMemo.HourSpentRest);
        await app.SendErrorsAsync("getOrder", 1);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1, "the hour has a free place again");
    }

    /// <summary>The system clock, which runs an action once, the next time it is read.</summary>
    private sealed class ClockWithHook : TimeProvider
    {
        public Action? Once;

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Exchange(ref Once, null)?.Invoke();
            return base.GetUtcNow();
        }
    }

    private static async Task PolicyAsync(BugSageFactory app, object policy, int version = 0)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy") { Content = JsonContent.Create(policy, options: JsonSerializerOptions.Web) };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"v{version}\"");
        (await (await app.SignedInClientAsync()).SendAsync(put)).EnsureSuccessStatusCode();
    }
}
