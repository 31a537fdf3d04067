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
        var sleeper = await IssueAsync(app, "sleeper");
        var api = await app.SignedInClientAsync();
        await api.PatchAsync($"/api/v1/issues/{sleeper.Id}", new StringContent("{\"status\":\"ignored\",\"ignore\":{\"untilEscalating\":true}}", System.Text.Encoding.UTF8, "application/json"));
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

        foreach (var function in new[] { "spiky", "sleeper", "steady" }) await app.SendErrorsAsync(function, 12, now);
        await app.SendErrorsAsync("fresh", 30, now);

        (await IssueAsync(app, "spiky")).Substatus.ShouldBe(IssueSubstatus.Escalating);
        var woke = await IssueAsync(app, "sleeper");
        (woke.Status, woke.Substatus).ShouldBe((IssueStatus.Unresolved, IssueSubstatus.Escalating));
        (await IssueAsync(app, "steady")).Substatus.ShouldNotBe(IssueSubstatus.Escalating);
        (await IssueAsync(app, "fresh")).Substatus.ShouldBe(IssueSubstatus.New);
        var kinds = (await api.GetJsonAsync($"/api/v1/issues/{(await IssueAsync(app, "spiky")).Id}/comments")).Items().Select(a => a!["kind"].Str()).ToList();
        kinds.ShouldBe(["escalating"]);
        (await api.GetJsonAsync("/api/v1/projects/1/issues?query=is:unresolved")).Items().Count.ShouldBe(4);
    }
}
