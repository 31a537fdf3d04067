using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Triage;

/// <summary>An issue whose volume jumps well above its own baseline escalates; a steady or new one does not.</summary>
public class EscalationTests
{
    private static Task<Issue> IssueAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.AsNoTracking().SingleAsync(i => i.Culprit!.StartsWith(function + "(")));

    [Theory, SqliteData, PostgresData]
    public async Task A_spike_escalates_an_issue_and_wakes_one_archived_until_escalating(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var now = clock.GetUtcNow();
        foreach (var function in new[] { "spiky", "sleeper", "steady" })
            for (var day = 3; day >= 1; day--) await app.SendErrorsAsync(function, 1, now.AddDays(-day));
        var api = await app.SignedInClientAsync();
        // "sleeper" is archived until it escalates; "dormant" is archived for good and stays so through its own spike.
        await app.SendErrorsAsync("dormant", 1, now.AddDays(-2));
        foreach (var (function, ignore) in new (string, object)[] { ("sleeper", new { untilEscalating = true }), ("dormant", new { }) })
        {
            var archived = await api.PatchJsonAsync($"/api/v1/issues/{(await IssueAsync(app, function)).Id}", new { status = "ignored", ignore });
            archived.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        }
        var sleeper = await IssueAsync(app, "sleeper");
        (sleeper.Status, sleeper.Substatus).ShouldBe((IssueStatus.Ignored, IssueSubstatus.ArchivedUntilEscalating));
        (await IssueAsync(app, "dormant")).Status.ShouldBe(IssueStatus.Ignored);
        // "steady" has run at 20 an hour all week: 12 this hour is no spike for it.
        var steady = await IssueAsync(app, "steady");
        await app.WithDbAsync(async db =>
        {
            var hour = new DateTime(now.UtcDateTime.Ticks - now.UtcDateTime.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
            for (var h = 1; h <= 24 * 7; h++)
            {
                var at = hour.AddHours(-h);
                if (!await db.IssueHourlyCounts.AnyAsync(c => c.IssueId == steady.Id && c.Hour == at))
                    db.IssueHourlyCounts.Add(new IssueHourlyCount { IssueId = steady.Id, Hour = at, Count = 20 });
            }
            await db.SaveChangesAsync();
        });

        foreach (var function in new[] { "spiky", "sleeper", "steady", "dormant" }) await app.SendErrorsAsync(function, 12, now);
        await app.SendErrorsAsync("fresh", 30, now);

        (await IssueAsync(app, "spiky")).Substatus.ShouldBe(IssueSubstatus.Escalating);
        var woke = await IssueAsync(app, "sleeper");
        (woke.Status, woke.Substatus).ShouldBe((IssueStatus.Unresolved, IssueSubstatus.Escalating));
        // Woken from archived, by the system: the history shows the archiving and the escalation that undid it.
        (await api.GetJsonAsync($"/api/v1/issues/{sleeper.Id}/comments")).Items().Select(a => $"{a!["kind"].Str()}").ToList()
            .ShouldBe(["status_changed", "escalating"]);
        var dormant = await IssueAsync(app, "dormant");
        (dormant.Status, dormant.Substatus).ShouldBe((IssueStatus.Ignored, IssueSubstatus.ArchivedForever));
        (await IssueAsync(app, "steady")).Substatus.ShouldBe(IssueSubstatus.New, "12 this hour is its usual volume: no spike");
        (await IssueAsync(app, "fresh")).Substatus.ShouldBe(IssueSubstatus.New);
        var kinds = (await api.GetJsonAsync($"/api/v1/issues/{(await IssueAsync(app, "spiky")).Id}/comments")).Items().Select(a => a!["kind"].Str()).ToList();
        kinds.ShouldBe(["escalating"]);
        (await api.GetJsonAsync("/api/v1/projects/1/issues?query=is:unresolved")).Items().Count.ShouldBe(4);
    }
}
