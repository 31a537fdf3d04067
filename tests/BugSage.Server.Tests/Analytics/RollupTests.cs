using System.Net;
using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Core.Retention;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Tests.Analytics;

/// <summary>The rollups kept by the digest, triage, merges and deletes equal a recount from raw data.</summary>
public class RollupTests
{
    internal static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Rollups_equal_a_recount_after_ingest_resolve_regress_merge_unmerge_delete_and_retention(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Retention:EventDays"] = "30" }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-3), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-2), userPrefix: "a", release: "app@2.0.0");
        await app.SendErrorsAsync("dropUser", 2, Start.AddHours(-1), userPrefix: "b", release: null, environment: "staging");
        await ShouldMatchRecountAsync(app, projectId, "after ingest");
        var totals = await app.WithDbAsync(async db => (
            Events: await db.EventHours.SumAsync(h => h.Events), Errors: await db.EventHours.SumAsync(h => h.Errors),
            New: await db.IssueHours.SumAsync(h => h.NewIssues), Users: Merged(await db.UserSketchDays.Select(d => d.Sketch).ToListAsync()).Estimate()));
        totals.ShouldBe((7L, 7L, 3L, 5L));
        // The digest's common case: more events in an hour an issue already had, which updates its hourly count.
        await app.SendErrorsAsync("loadUser", 2, Start.AddHours(-3).AddMinutes(5), userPrefix: "a", release: "app@1.0.0");
        await ShouldMatchRecountAsync(app, projectId, "after more events in an hour an issue had");

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
        await app.WithDbAsync(db => Rebuilder(app, db).RebuildAsync(projectId, CancellationToken.None));
        await ShouldMatchRecountAsync(app, projectId, "after a rebuild");
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(before + 2);
    }

    /// <summary>
    /// Hour rows rest at zero (or below) after a delete or a merge subtracts from them, and their day, all zeros, is removed;
    /// later writes to those hours must bring the day back, and a day going negative must follow its hours too.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Days_follow_their_hours_through_zero_and_below(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        DateTime first = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc), second = first.AddHours(5);
        var step = 0;
        foreach (var (hour, sign) in new[] { (first, 1), (first, -1), (first, 1), (second, 2), (first, -1), (second, -2), (first, -1), (first, 1), (second, 1) })
        {
            step++;
            await app.WithDbAsync(async db =>
            {
                var changes = new RollupChanges();
                for (var n = 0; n < Math.Abs(sign); n++)
                {
                    changes.AddEvent(projectId, hour, "production", "app@1.0.0", "error", null, Math.Sign(sign));
                    changes.AddNewIssue(projectId, hour, "app@1.0.0", Math.Sign(sign));
                }
                await using var tx = await db.Database.BeginTransactionAsync();
                await changes.WriteAsync(db, app.Services.GetRequiredService<RollupDimensions>(), CancellationToken.None);
                await tx.CommitAsync();
                await ShouldSumTheirHoursAsync(db, projectId, $"after step {step} ({sign:+0;-0} at {hour:HH}:00)", expectSome: false);
                return 0;
            });
        }
        (await app.WithDbAsync(db => db.EventDays.SumAsync(d => d.Events))).ShouldBe(1);
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());

    private static RollupRebuilder Rebuilder(BugSageFactory app, Core.Data.AppDbContext db) =>
        new(db, app.Services.GetRequiredService<IOptions<RetentionOptions>>(), app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<RollupDimensions>());

    /// <summary>Each project row (every environment and release) is the rows of its time merged; no time with users is missing.</summary>
    private static void ShouldBeMergesOf<TKey>(IEnumerable<(TKey At, byte[] Sketch)> rows, IEnumerable<(TKey At, byte[] Sketch)> mergedRows, string what)
        where TKey : notnull
    {
        var expected = rows.GroupBy(r => r.At).Select(g => (At: g.Key, Users: Merged(g.Select(r => r.Sketch))))
            .Where(r => !r.Users.IsEmpty).ToDictionary(r => r.At, r => r.Users);
        var stored = mergedRows.Select(r => (r.At, Users: UserSketch.FromBytes(r.Sketch))).Where(r => !r.Users.IsEmpty).ToDictionary(r => r.At, r => r.Users);
        stored.Keys.ShouldBe(expected.Keys, ignoreOrder: true, $"{what}: times with users");
        foreach (var (at, merged) in expected) stored[at].SameAs(merged).ShouldBeTrue($"{what}: {at} is its rows merged");
    }

    internal static UserSketch Merged(IEnumerable<byte[]> sketches)
    {
        var merged = new UserSketch();
        foreach (var s in sketches) merged.MergeBytes(s);
        return merged;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rebuild_after_a_back_dated_event_keeps_the_history_retention_purged_unless_a_range_is_asked(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Retention:EventDays"] = "30" }, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-1), userPrefix: "a");
        clock.Advance(TimeSpan.FromDays(45));
        (await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None)).ShouldBe(3);
        // An event stamped before everything retention purged (a wrong device clock, an import).
        await app.SendErrorsAsync("loadUser", 1, Start.AddDays(-2), userPrefix: "b");

        var recounted = await app.WithDbAsync(db => Rebuilder(app, db).RebuildAsync(projectId, CancellationToken.None));
        recounted!.Value.From.ShouldBe(RollupChanges.HourOf(clock.GetUtcNow().UtcDateTime.AddDays(-30)).AddHours(1), "only hours stored events still cover");
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(4, "the purged hour's three events stay counted");
        (await app.WithDbAsync(async db => Merged(await db.UserSketchDays.Select(d => d.Sketch).ToListAsync()).Estimate())).ShouldBe(4);

        // Asked for an explicit range, the rebuild recounts it from what is left.
        await app.WithDbAsync(db => Rebuilder(app, db).RebuildAsync(projectId, CancellationToken.None, Start.UtcDateTime.AddDays(-3), clock.GetUtcNow().UtcDateTime));
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(1);
        (await app.WithDbAsync(async db => Merged(await db.UserSketchHours.Select(d => d.Sketch).ToListAsync()).Estimate())).ShouldBe(1);
        (await app.WithDbAsync(async db => Merged(await db.UserSketchDays.Select(d => d.Sketch).ToListAsync()).Estimate())).ShouldBe(1);
    }

    [Theory, SqliteData]
    public async Task Retention_purges_rollup_rows_older_than_the_rollup_window(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider,
            new() { ["BugSage:Retention:EventDays"] = "30", ["BugSage:Retention:RollupDays"] = "60" }, clock: clock);
        await app.SendErrorsAsync("loadUser", 2, Start.AddHours(-1), userPrefix: "a");
        clock.Advance(TimeSpan.FromDays(45));
        await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None);
        (await app.WithDbAsync(db => db.EventHours.SumAsync(h => h.Events))).ShouldBe(2, "inside the rollup window the hours stay");
        clock.Advance(TimeSpan.FromDays(16));
        await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None);
        (await app.WithDbAsync(async db => (await db.EventHours.CountAsync(), await db.IssueHours.CountAsync(),
            await db.UserSketchHours.CountAsync(), await db.UserSketchDays.CountAsync()))).ShouldBe((0, 0, 0, 0));
        (await app.WithDbAsync(async db => (await db.ProjectEventHours.CountAsync(), await db.ProjectIssueHours.CountAsync(),
            await db.ProjectUserSketchHours.CountAsync(), await db.ProjectUserSketchDays.CountAsync()))).ShouldBe((0, 0, 0, 0));
        (await app.WithDbAsync(async db => (await db.EnvironmentUserSketchHours.CountAsync(), await db.EnvironmentUserSketchDays.CountAsync()))).ShouldBe((0, 0));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_flood_of_made_up_releases_and_environments_folds_into_other(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.WithDbAsync(async db =>
        {
            var changes = new RollupChanges();
            for (var i = 0; i < 400; i++) changes.AddEvent(projectId, Start.UtcDateTime, $"env-{i % 40}", $"flood@{i}", "error", $"user-{i}");
            await using var tx = await db.Database.BeginTransactionAsync();
            await changes.WriteAsync(db, app.Services.GetRequiredService<RollupDimensions>(), CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });
        var (releases, environments, events, rows, sketches) = await app.WithDbAsync(async db => (
            await db.EventHours.Select(h => h.Release).Distinct().CountAsync(), await db.EventHours.Select(h => h.Environment).Distinct().CountAsync(),
            await db.EventHours.SumAsync(h => h.Events), await db.EventHours.CountAsync(), await db.UserSketchHours.CountAsync()));
        releases.ShouldBe(RollupDimensions.MaxReleases + 1, "the releases under the cap, and (other)");
        environments.ShouldBe(RollupDimensions.MaxEnvironments + 1);
        events.ShouldBe(400, "folded, not dropped");
        sketches.ShouldBe(rows);
        (await app.WithDbAsync(db => db.EventHours.AnyAsync(h => h.Release == RollupDimensions.Other && h.Environment == RollupDimensions.Other))).ShouldBeTrue();
    }

    /// <summary>
    /// Every exact rollup equals its recount; users (sketches) agree with a recount within 3σ of the sketch's error,
    /// and each day's sketch is its hours' merged.
    /// </summary>
    internal static async Task ShouldMatchRecountAsync(BugSageFactory app, long projectId, string when)
    {
        await app.WithDbAsync(async db =>
        {
            var rebuilder = Rebuilder(app, db);
            var expected = await rebuilder.ComputeAsync(projectId, CancellationToken.None);
            var since = (await rebuilder.RangeAsync(projectId, null, null, CancellationToken.None))?.From ?? DateTime.MaxValue;
            var events = (await db.EventHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= since).ToListAsync())
                .Where(h => h.Events != 0 || h.Errors != 0).ToDictionary(h => (h.ProjectId, h.Hour, h.Environment, h.Release), h => (h.Events, h.Errors));
            events.ShouldBe(expected.Events.Where(kv => kv.Value != (0, 0)).ToDictionary(), ignoreOrder: true, $"event rollups {when}");
            var users = (await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= since).ToListAsync())
                .Select(h => (Key: (h.ProjectId, h.Hour, h.Environment, h.Release), Users: UserSketch.FromBytes(h.Sketch).Estimate()))
                .Where(h => h.Users > 0).ToDictionary(h => h.Key, h => h.Users);
            var recounted = expected.Users.ToDictionary(kv => kv.Key, kv => kv.Value.Estimate());
            users.Keys.ShouldBe(recounted.Keys, ignoreOrder: true, $"user rollup hours {when}");
            foreach (var (key, count) in recounted)
                ((double)Math.Abs(users[key] - count)).ShouldBeLessThanOrEqualTo(3 * UserSketch.RelativeStandardError * count + 0.5, $"users {key} {when}");
            foreach (var day in await db.UserSketchDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync())
            {
                var hours = await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= day.Day && h.Hour < day.Day.AddDays(1)
                    && h.Environment == day.Environment && h.Release == day.Release).Select(h => h.Sketch).ToListAsync();
                UserSketch.FromBytes(day.Sketch).SameAs(Merged(hours)).ShouldBeTrue($"the day {day.Day:yyyy-MM-dd} is its hours merged {when}");
            }
            ShouldBeMergesOf((await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync()).Select(h => (h.Hour, h.Sketch)),
                (await db.ProjectUserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync()).Select(h => (h.Hour, h.Sketch)), $"project hours {when}");
            ShouldBeMergesOf((await db.UserSketchDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync()).Select(d => (d.Day, d.Sketch)),
                (await db.ProjectUserSketchDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync()).Select(d => (d.Day, d.Sketch)), $"project days {when}");
            ShouldBeMergesOf((await db.UserSketchDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync()).Select(d => ((d.Day, d.Environment), d.Sketch)),
                (await db.EnvironmentUserSketchDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync()).Select(d => ((d.Day, d.Environment), d.Sketch)),
                $"environment days {when}");
            ShouldBeMergesOf((await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync()).Select(h => ((h.Hour, h.Environment), h.Sketch)),
                (await db.EnvironmentUserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync()).Select(h => ((h.Hour, h.Environment), h.Sketch)),
                $"environment hours {when}");
            var issues = (await db.IssueHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
                .Where(h => h.NewIssues != 0 || h.Regressions != 0 || h.Resolved != 0)
                .ToDictionary(h => (h.ProjectId, h.Hour, h.Release), h => (h.NewIssues, h.Regressions, h.Resolved));
            issues.ShouldBe(expected.Issues.Where(kv => kv.Value != (0, 0, 0)).ToDictionary(), ignoreOrder: true, $"issue rollups {when}");
            await ShouldSumTheirHoursAsync(db, projectId, when);
        });
    }

    /// <summary>
    /// Each daily (and weekly) event, lifecycle and issue-time row is its hours summed, and so is each project hour over its environments and releases;
    /// no day or hour with counts is missing (all history, retention included).
    /// </summary>
    private static async Task ShouldSumTheirHoursAsync(Core.Data.AppDbContext db, long projectId, string when, bool expectSome = true)
    {
        var eventHours = (await db.EventHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
            .GroupBy(h => (h.Hour.Date, h.Environment, h.Release)).Select(g => (g.Key, Sums: (g.Sum(h => h.Events), g.Sum(h => h.Errors))))
            .Where(d => d.Sums != (0, 0)).ToDictionary(d => d.Key, d => d.Sums);
        var eventDays = (await db.EventDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync())
            .ToDictionary(d => (d.Day, d.Environment, d.Release), d => (d.Events, d.Errors));
        eventDays.ShouldBe(eventHours, ignoreOrder: true, $"event days are their hours summed {when}");
        (await db.ReleaseEventDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToDictionaryAsync(d => (d.Day, d.Release), d => (d.Events, d.Errors)))
            .ShouldBe(eventHours.GroupBy(d => (d.Key.Date, d.Key.Release)).Select(g => (g.Key, Sums: (g.Sum(d => d.Value.Item1), g.Sum(d => d.Value.Item2))))
                .Where(d => d.Sums != (0, 0)).ToDictionary(d => d.Key, d => d.Sums), ignoreOrder: true, $"release event days are their hours summed {when}");
        var issueHours = (await db.IssueHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
            .GroupBy(h => (h.Hour.Date, h.Release)).Select(g => (g.Key, Sums: (g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))))
            .Where(d => d.Sums != (0, 0, 0)).ToDictionary(d => d.Key, d => d.Sums);
        var issueDays = (await db.IssueLifecycleDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync())
            .ToDictionary(d => (d.Day, d.Release), d => (d.NewIssues, d.Regressions, d.Resolved));
        issueDays.ShouldBe(issueHours, ignoreOrder: true, $"lifecycle days are their hours summed {when}");
        var eventsByHour = (await db.EventHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
            .GroupBy(h => h.Hour).Select(g => (g.Key, Sums: (g.Sum(h => h.Events), g.Sum(h => h.Errors)))).Where(h => h.Sums != (0, 0)).ToDictionary(h => h.Key, h => h.Sums);
        (await db.ProjectEventHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToDictionaryAsync(h => h.Hour, h => (h.Events, h.Errors)))
            .ShouldBe(eventsByHour, ignoreOrder: true, $"project event hours are every environment and release summed {when}");
        var issuesByHour = (await db.IssueHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
            .GroupBy(h => h.Hour).Select(g => (g.Key, Sums: (g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))))
            .Where(h => h.Sums != (0, 0, 0)).ToDictionary(h => h.Key, h => h.Sums);
        (await db.ProjectIssueHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToDictionaryAsync(h => h.Hour, h => (h.NewIssues, h.Regressions, h.Resolved)))
            .ShouldBe(issuesByHour, ignoreOrder: true, $"project issue hours are every release summed {when}");
        (await db.ProjectEventDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToDictionaryAsync(d => d.Day, d => (d.Events, d.Errors)))
            .ShouldBe(eventsByHour.GroupBy(h => h.Key.Date).Select(g => (g.Key, Sums: (g.Sum(h => h.Value.Item1), g.Sum(h => h.Value.Item2))))
                .Where(d => d.Sums != (0, 0)).ToDictionary(d => d.Key, d => d.Sums), ignoreOrder: true, $"project event days are their project hours summed {when}");
        (await db.ProjectLifecycleDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToDictionaryAsync(d => d.Day, d => (d.NewIssues, d.Regressions, d.Resolved)))
            .ShouldBe(issuesByHour.GroupBy(h => h.Key.Date).Select(g => (g.Key, Sums: (g.Sum(h => h.Value.Item1), g.Sum(h => h.Value.Item2), g.Sum(h => h.Value.Item3))))
                .Where(d => d.Sums != (0, 0, 0)).ToDictionary(d => d.Key, d => d.Sums), ignoreOrder: true, $"project lifecycle days are their project hours summed {when}");
        var releaseWeeks = eventHours.GroupBy(d => (Week: MondayOf(d.Key.Date), d.Key.Release)).Select(g => (g.Key, Sums: (g.Sum(d => d.Value.Item1), g.Sum(d => d.Value.Item2))))
            .Where(w => w.Sums != (0, 0)).ToDictionary(w => w.Key, w => w.Sums);
        (await db.ReleaseEventWeeks.AsNoTracking().Where(w => w.ProjectId == projectId).ToDictionaryAsync(w => (w.Week, w.Release), w => (w.Events, w.Errors)))
            .ShouldBe(releaseWeeks, ignoreOrder: true, $"release event weeks are their hours summed {when}");
        (await db.IssueLifecycleWeeks.AsNoTracking().Where(w => w.ProjectId == projectId).ToDictionaryAsync(w => (w.Week, w.Release), w => (w.NewIssues, w.Regressions, w.Resolved)))
            .ShouldBe(issueHours.GroupBy(d => (Week: MondayOf(d.Key.Date), d.Key.Release))
                .Select(g => (g.Key, Sums: (g.Sum(d => d.Value.Item1), g.Sum(d => d.Value.Item2), g.Sum(d => d.Value.Item3))))
                .Where(w => w.Sums != (0, 0, 0)).ToDictionary(w => w.Key, w => w.Sums), ignoreOrder: true, $"lifecycle weeks are their hours summed {when}");
        var issueCounts = await db.IssueHourlyCounts.AsNoTracking().Join(db.Issues.Where(i => i.ProjectId == projectId), h => h.IssueId, i => i.Id, (h, _) => h).ToListAsync();
        (await db.IssueDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToDictionaryAsync(d => (d.IssueId, d.Day), d => d.Events))
            .ShouldBe(issueCounts.GroupBy(h => (h.IssueId, h.Hour.Date)).Select(g => (g.Key, Events: g.Sum(h => h.Count))).Where(d => d.Events > 0)
                .ToDictionary(d => d.Key, d => d.Events), ignoreOrder: true, $"issue days are their hourly counts summed {when}");
        (await db.IssueWeeks.AsNoTracking().Where(w => w.ProjectId == projectId).ToDictionaryAsync(w => (w.IssueId, w.Week), w => w.Events))
            .ShouldBe(issueCounts.GroupBy(h => (h.IssueId, MondayOf(h.Hour.Date))).Select(g => (g.Key, Events: g.Sum(h => h.Count))).Where(w => w.Events > 0)
                .ToDictionary(w => w.Key, w => w.Events), ignoreOrder: true, $"issue weeks are their hourly counts summed {when}");
        await IssueTimeRollupTests.ShouldBeTheirHoursSummedAsync(db, projectId, when);
        if (expectSome) eventDays.ShouldNotBeEmpty(when);
    }

    /// <summary>Monday 00:00 UTC of the week holding <paramref name="day"/>.</summary>
    internal static DateTime MondayOf(DateTime day) => day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
