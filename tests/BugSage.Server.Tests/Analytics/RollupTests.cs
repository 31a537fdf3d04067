using System.Net;
using BugSage.Core.Analytics;
using BugSage.Core.Retention;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analytics;

/// <summary>The rollups kept by the digest, triage, merges and deletes equal a recount from raw data.</summary>
public class RollupTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Rollups_equal_a_recount_after_ingest_resolve_regress_merge_unmerge_delete_and_retention(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Retention:EventDays"] = "30" }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-3), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-2), userPrefix: "a", release: "app@2.0.0");
        await app.SendErrorsAsync("dropUser", 2, Start.AddHours(-1), userPrefix: "b", release: null);
        await ShouldMatchRecountAsync(app, projectId, "after ingest");
        var totals = await app.WithDbAsync(async db => (
            Events: await db.EventHours.SumAsync(h => h.Events), Errors: await db.EventHours.SumAsync(h => h.Errors),
            New: await db.IssueHours.SumAsync(h => h.NewIssues), Users: await db.UserHours.Select(u => u.UserHash).Distinct().CountAsync()));
        totals.ShouldBe((7L, 7L, 3L, 5));

        var load = await IssueIdAsync(app, "loadUser");
        var save = await IssueIdAsync(app, "saveUser");
        var drop = await IssueIdAsync(app, "dropUser");
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Resolved again (as when a release to resolve in is named later): still one resolution, live and recounted.
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(1));
        await app.SendErrorsAsync("loadUser", 1, Start.AddMinutes(30), userPrefix: "c", release: "app@2.0.0");
        // A late event moves an issue's first sighting (and so its "new" hour) earlier.
        await app.SendErrorsAsync("saveUser", 1, Start.AddHours(-6), userPrefix: "d", release: "app@2.0.0");
        await ShouldMatchRecountAsync(app, projectId, "after a resolution, a regression and a late event");
        (await app.WithDbAsync(db => db.IssueHours.SumAsync(h => h.Regressions))).ShouldBe(1);
        (await app.WithDbAsync(db => db.IssueHours.SumAsync(h => h.Resolved))).ShouldBe(1);

        // The access token ran out with the clock's hour.
        api = await app.SignedInClientAsync();
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { save, drop } })).IsSuccessStatusCode.ShouldBeTrue();
        await ShouldMatchRecountAsync(app, projectId, "after a merge");
        var target = await app.WithDbAsync(db => db.Issues.Where(i => i.Id == save || i.Id == drop).Select(i => i.Id).SingleAsync());
        var dropHash = await app.WithDbAsync(db => db.Events.Where(e => e.IssueId == target && e.Release == null).Select(e => e.Hash).FirstAsync());
        (await api.PostJsonAsync($"/api/v1/issues/{target}/unmerge", new { hashes = new[] { dropHash } })).IsSuccessStatusCode.ShouldBeTrue();
        await ShouldMatchRecountAsync(app, projectId, "after an unmerge");

        (await api.DeleteAsync($"/api/v1/issues/{load}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldMatchRecountAsync(app, projectId, "after a delete");
        (await app.WithDbAsync(db => db.IssueHours.SumAsync(h => h.Resolved + h.Regressions))).ShouldBe(0, "the deleted issue's history went with it");

        // Retention removes the old events; their hours keep what they counted, as issues keep their counts.
        var before = await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events));
        clock.Advance(TimeSpan.FromDays(45));
        await app.SendErrorsAsync("saveUser", 2, clock.GetUtcNow().AddMinutes(-5), userPrefix: "e", release: "app@3.0.0");
        (await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None)).ShouldBeGreaterThan(0);
        await ShouldMatchRecountAsync(app, projectId, "after retention");
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(before + 2);

        // A rebuild recounts the same numbers and keeps the hours retention emptied.
        await app.WithDbAsync(db => new RollupRebuilder(db).RebuildAsync(projectId, CancellationToken.None));
        await ShouldMatchRecountAsync(app, projectId, "after a rebuild");
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(before + 2);
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());

    private static async Task ShouldMatchRecountAsync(BugSageFactory app, long projectId, string when)
    {
        await app.WithDbAsync(async db =>
        {
            var expected = await new RollupRebuilder(db).ComputeAsync(projectId, CancellationToken.None);
            var since = await RollupRebuilder.OldestEventHourAsync(db, projectId, CancellationToken.None) ?? DateTime.MaxValue;
            var events = (await db.EventHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= since).ToListAsync())
                .Where(h => h.Events != 0 || h.Errors != 0).ToDictionary(h => (h.ProjectId, h.Hour, h.Environment, h.Release), h => (h.Events, h.Errors));
            events.ShouldBe(expected.Events.Where(kv => kv.Value != (0, 0)).ToDictionary(), ignoreOrder: true, $"event rollups {when}");
            var users = (await db.UserHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= since).ToListAsync())
                .ToDictionary(h => (h.ProjectId, h.Hour, h.Environment, h.Release, h.UserHash), h => h.Events);
            users.ShouldBe(expected.Users.Where(kv => kv.Value != 0).ToDictionary(), ignoreOrder: true, $"user rollups {when}");
            var issues = (await db.IssueHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
                .Where(h => h.NewIssues != 0 || h.Regressions != 0 || h.Resolved != 0)
                .ToDictionary(h => (h.ProjectId, h.Hour, h.Release), h => (h.NewIssues, h.Regressions, h.Resolved));
            issues.ShouldBe(expected.Issues.Where(kv => kv.Value != (0, 0, 0)).ToDictionary(), ignoreOrder: true, $"issue rollups {when}");
        });
    }
}
