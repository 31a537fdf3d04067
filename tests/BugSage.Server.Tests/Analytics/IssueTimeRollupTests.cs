using System.Net;
using Microsoft.Extensions.DependencyInjection;
using BugSage.Core.Analytics;
using BugSage.Core.Issues;
using BugSage.Server.Analytics;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// Resolution and triage times, issue ages and top new issues come from rollups kept by triggers; after every kind of
/// change (resolve, comment, reopen, regress, merge, delete, rebuild) they equal a direct computation from the issues
/// and their history, and the rollup rows equal a recount.
/// </summary>
public class IssueTimeRollupTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Issue_time_answers_equal_a_direct_computation_after_resolve_reopen_regress_merge_delete_and_rebuild(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-50), release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-30).AddSeconds(17), release: "app@1.0.0");
        await app.SendErrorsAsync("dropUser", 2, Start.AddHours(-5), release: null);
        await app.SendErrorsAsync("oldUser", 1, Start.AddDays(-40), release: "app@0.9.0");
        // First seen exactly on a whole hour, which is also the end of one of the ranges asked.
        var edge = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        await app.SendErrorsAsync("edgeUser", 1, edge, release: null);
        await ShouldMatchAsync(app, api, projectId, edge, "after ingest");

        var load = await IssueIdAsync(app, "loadUser");
        var save = await IssueIdAsync(app, "saveUser");
        var drop = await IssueIdAsync(app, "dropUser");
        var old = await IssueIdAsync(app, "oldUser");
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(20));
        // Access tokens run out as the clock moves; each step signs in again.
        api = await app.SignedInClientAsync();
        var comment = await api.PostJsonAsync($"/api/v1/issues/{save}/comments", new { text = "looking" });
        comment.IsSuccessStatusCode.ShouldBeTrue($"{comment.StatusCode} {await comment.Content.ReadAsStringAsync()}");
        await ShouldMatchAsync(app, api, projectId, edge, "after a resolution and a comment");

        clock.Advance(TimeSpan.FromHours(2));
        api = await app.SignedInClientAsync();
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "unresolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PatchJsonAsync($"/api/v1/issues/{drop}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PatchJsonAsync($"/api/v1/issues/{old}", new { status = "ignored" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldMatchAsync(app, api, projectId, edge, "after a reopen, a resolution and an ignore");

        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(1));
        await app.SendErrorsAsync("loadUser", 1, clock.GetUtcNow().AddMinutes(-1), release: "app@2.0.0");
        api = await app.SignedInClientAsync();
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == load).Select(i => i.Status).SingleAsync())).ShouldBe(IssueStatus.Unresolved, "the event regressed it");
        api = await app.SignedInClientAsync();
        await ShouldMatchAsync(app, api, projectId, edge, "after a regression");

        api = await app.SignedInClientAsync();
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { save, drop } })).IsSuccessStatusCode.ShouldBeTrue();
        await ShouldMatchAsync(app, api, projectId, edge, "after a merge");

        (await api.DeleteAsync($"/api/v1/issues/{old}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldMatchAsync(app, api, projectId, edge, "after a delete");

        await app.WithDbAsync(db => RollupRebuilder.RecountIssueTimesAsync(db, projectId, CancellationToken.None));
        await ShouldMatchAsync(app, api, projectId, edge, "after a rebuild");
        // The merge kept the unresolved target (a tie on events goes to the older issue): nothing resolved is left.
        (await app.WithDbAsync(db => db.IssueTimeHours.SumAsync(h => h.Resolved))).ShouldBe(0);
        (await app.WithDbAsync(db => db.IssueTimeHours.SumAsync(h => h.OpenIssues)))
            .ShouldBe(await app.WithDbAsync(db => db.Issues.LongCountAsync(i => i.Status == IssueStatus.Unresolved)));
        (await app.WithDbAsync(db => db.IssueTimeHours.SumAsync(h => h.Triaged))).ShouldBe(2, "load and the merge target were triaged by a person");
    }

    /// <summary>
    /// Ages read whole days from the daily sums and only the days a threshold splits by hour; resolution sums read whole days
    /// and the ragged hours at the range's ends. Issues first seen on every threshold, a minute and an hour either side of
    /// it, and between thresholds, some resolved, answer as a direct computation does for ends at midnight, at the hour
    /// before midnight (no day is split) and mid-day.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Ages_and_resolutions_fall_on_their_side_of_every_threshold_whatever_the_end_s_hour(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        DateTime[] ends = [new(2026, 5, 31, 0, 0, 0, DateTimeKind.Utc), new(2026, 5, 30, 23, 0, 0, DateTimeKind.Utc), new(2026, 5, 31, 14, 0, 0, DateTimeKind.Utc)];
        var seen = ends.SelectMany(end => new[] { 0, 1, 7, 30, 90 }
                .SelectMany(days => new[] { -61, -60, -1, 0, 1, 59, 60 }.Select(minutes => end.AddDays(-days).AddMinutes(minutes))))
            .Concat(ends.SelectMany(end => new[] { 3, 15, 60, 200 }.Select(days => end.AddDays(-days).AddHours(-5))))
            .Distinct().Order().ToList();
        await app.WithDbAsync(async db =>
        {
            var number = 0;
            foreach (var at in seen)
            {
                number++;
                var resolved = number % 3 == 0;
                db.Issues.Add(new Issue
                {
                    ProjectId = projectId, ShortNumber = number, Title = $"Error {number}", Culprit = $"f{number}()", Count = 1, FirstSeen = at, LastSeen = at,
                    Platform = "node", Status = resolved ? IssueStatus.Resolved : IssueStatus.Unresolved, ResolvedAt = resolved ? at.AddHours(number % 50) : null,
                });
            }
            await db.SaveChangesAsync();
        });
        (await app.WithDbAsync(db => db.Issues.CountAsync())).ShouldBe(seen.Count);
        foreach (var end in ends)
            foreach (var from in new[] { end.AddDays(-60), end.AddHours(-20), end.AddDays(-2).AddHours(-3) })
            {
                var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={from:yyyy-MM-ddTHH:mm:ssZ}&to={end:yyyy-MM-ddTHH:mm:ssZ}");
                var expected = await app.WithDbAsync(db => DirectAsync(db, projectId, from, end));
                report["issuesByAge"]!.AsArray().Select(b => b!["issues"].Long()).ShouldBe(expected.Ages, $"ages to {end:O}");
                var resolution = report["resolution"]!;
                new[] { "resolvedIssues", "meanHoursToResolve", "medianHoursToResolve" }.Select(f => resolution[f]?.GetValue<double>())
                    .ShouldBe(expected.Resolution.Take(3), $"resolution {from:O}..{end:O}");
            }
        await app.WithDbAsync(db => ShouldBeTheirHoursSummedAsync(db, projectId, "after the inserts"));
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());

    private static async Task ShouldMatchAsync(BugSageFactory app, HttpClient api, long projectId, DateTimeOffset edge, string when)
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var (from, to) in new[] { (now.AddDays(-60), now.AddHours(1)), (now.AddDays(-3), edge), (edge.AddHours(-40), now.AddHours(1)) })
        {
            var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
            var range = (From: DateTime.Parse(report["from"].Str()!).ToUniversalTime(), To: DateTime.Parse(report["to"].Str()!).ToUniversalTime());
            var expected = await app.WithDbAsync(db => DirectAsync(db, projectId, range.From, range.To));
            var resolution = report["resolution"]!;
            var actual = new[] { "resolvedIssues", "meanHoursToResolve", "medianHoursToResolve", "triagedIssues", "meanHoursToFirstTriage", "medianHoursToFirstTriage" }
                .Select(f => resolution[f]?.GetValue<double>()).ToList();
            actual.ShouldBe(expected.Resolution, $"resolution {from:O}..{to:O} {when}");
            report["issuesByAge"]!.AsArray().Select(b => b!["issues"].Long()).ShouldBe(expected.Ages, $"ages {from:O}..{to:O} {when}");
            report["topNew"]!.AsArray().Select(i => i!["id"].Long()).ShouldBe(expected.TopNew, $"top new {from:O}..{to:O} {when}");
        }
        await app.WithDbAsync(async db =>
        {
            var (hours, buckets) = await LiveAsync(db, projectId);
            buckets.ShouldBe(await ExpectedBucketsAsync(db, projectId), ignoreOrder: true, $"duration buckets as C# computes them {when}");
            var days = (await db.IssueTimeBucketDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync())
                .ToDictionary(d => (d.Day, d.Kind, d.Bucket), d => d.Issues);
            days.ShouldBe(buckets.GroupBy(b => (b.Key.Item1.Date, b.Key.Item2, b.Key.Item3)).Where(g => g.Sum(b => b.Value) != 0)
                .ToDictionary(g => g.Key, g => g.Sum(b => b.Value)), ignoreOrder: true, $"duration buckets' days are their hours summed {when}");
            (await db.IssueTimeBucketWeeks.AsNoTracking().Where(w => w.ProjectId == projectId).ToListAsync()).ToDictionary(w => (w.Week, w.Kind, w.Bucket), w => w.Issues)
                .ShouldBe(buckets.GroupBy(b => (RollupTests.MondayOf(b.Key.Item1), b.Key.Item2, b.Key.Item3)).Where(g => g.Sum(b => b.Value) != 0)
                    .ToDictionary(g => g.Key, g => g.Sum(b => b.Value)), ignoreOrder: true, $"duration buckets' weeks are their hours summed {when}");
            await ShouldBeTheirHoursSummedAsync(db, projectId, when);
            await using var tx = await db.Database.BeginTransactionAsync();
            await RollupRebuilder.RecountIssueTimesAsync(db, projectId, CancellationToken.None);
            var (recountedHours, recountedBuckets) = await LiveAsync(db, projectId);
            await tx.RollbackAsync();
            hours.ShouldBe(recountedHours, ignoreOrder: true, $"issue time rollups equal a recount {when}");
            buckets.ShouldBe(recountedBuckets, ignoreOrder: true, $"duration buckets equal a recount {when}");
        });
    }

    /// <summary>Each issue-time day is its hours summed, and no day with counts is missing.</summary>
    internal static async Task ShouldBeTheirHoursSummedAsync(Core.Data.AppDbContext db, long projectId, string when)
    {
        var hours = await db.IssueTimeHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync();
        var expected = hours.GroupBy(h => h.Hour.Date)
            .Select(g => (g.Key, Sums: (g.Sum(h => h.Resolved), g.Sum(h => h.ResolveMs), g.Sum(h => h.Triaged), g.Sum(h => h.TriageMs), g.Sum(h => h.OpenIssues))))
            .Where(d => d.Sums != (0, 0, 0, 0, 0)).ToDictionary(d => d.Key, d => d.Sums);
        (await db.IssueTimeDays.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync())
            .ToDictionary(d => d.Day, d => (d.Resolved, d.ResolveMs, d.Triaged, d.TriageMs, d.OpenIssues))
            .ShouldBe(expected, ignoreOrder: true, $"issue-time days are their hours summed {when}");
    }

    private static async Task<(Dictionary<DateTime, (long, long, long, long, long)>, Dictionary<(DateTime, short, short), long>)> LiveAsync(Core.Data.AppDbContext db, long projectId)
    {
        var hours = (await db.IssueTimeHours.AsNoTracking().Where(h => h.ProjectId == projectId).ToListAsync())
            .Where(h => (h.Resolved, h.ResolveMs, h.Triaged, h.TriageMs, h.OpenIssues) != (0, 0, 0, 0, 0))
            .ToDictionary(h => h.Hour, h => (h.Resolved, h.ResolveMs, h.Triaged, h.TriageMs, h.OpenIssues));
        var buckets = (await db.IssueTimeBuckets.AsNoTracking().Where(b => b.ProjectId == projectId).ToListAsync())
            .Where(b => b.Issues != 0).ToDictionary(b => (b.Hour, b.Kind, b.Bucket), b => b.Issues);
        return (hours, buckets);
    }

    /// <summary>Each issue's buckets as <see cref="DurationHistogram.BucketOf"/> puts them, from the issues and their history.</summary>
    private static async Task<Dictionary<(DateTime, short, short), long>> ExpectedBucketsAsync(Core.Data.AppDbContext db, long projectId)
    {
        var (issues, triaged) = await IssuesAsync(db, projectId);
        var facts = issues.Where(i => i.ResolvedAt != null)
            .Select(i => (RollupChanges.HourOf(i.ResolvedAt!.Value), DurationHistogram.Resolve, DurationHistogram.BucketOf(Ms(i.FirstSeen, i.ResolvedAt!.Value))))
            .Concat(issues.Where(i => triaged.ContainsKey(i.Id))
                .Select(i => (RollupChanges.HourOf(i.FirstSeen), DurationHistogram.Triage, DurationHistogram.BucketOf(Math.Max(0, Ms(i.FirstSeen, triaged[i.Id]))))));
        return facts.GroupBy(f => f).ToDictionary(g => g.Key, g => (long)g.Count());
    }

    private static long Ms(DateTime from, DateTime to) => (long)Math.Round((to - from).TotalMilliseconds);

    private static async Task<(List<Issue> Issues, Dictionary<long, DateTime> FirstTriage)> IssuesAsync(Core.Data.AppDbContext db, long projectId)
    {
        var issues = await db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId).ToListAsync();
        var ids = issues.Select(i => i.Id).ToList();
        var triaged = (await db.IssueActivities.AsNoTracking()
                .Where(a => ids.Contains(a.IssueId) && a.ActorUserId != null && IssueTimeSql.TriageKinds.Contains(a.Kind)).ToListAsync())
            .GroupBy(a => a.IssueId).ToDictionary(g => g.Key, g => g.Min(a => a.CreatedAt));
        return (issues, triaged);
    }

    /// <summary>The answer computed straight from every issue and activity row, as the reader did before the rollups.</summary>
    private static async Task<(List<double?> Resolution, List<long> Ages, List<long> TopNew)> DirectAsync(Core.Data.AppDbContext db, long projectId, DateTime from, DateTime to)
    {
        var (issues, triaged) = await IssuesAsync(db, projectId);
        var toResolve = issues.Where(i => i.ResolvedAt >= from && i.ResolvedAt < to).Select(i => (i.ResolvedAt!.Value - i.FirstSeen).TotalHours).ToList();
        var toTriage = issues.Where(i => i.FirstSeen >= from && i.FirstSeen < to && triaged.ContainsKey(i.Id))
            .Select(i => Math.Max(0, (triaged[i.Id] - i.FirstSeen).TotalHours)).ToList();
        double? Mean(List<double> hours) => hours.Count == 0 ? null : Math.Round(hours.Average(), 2);
        var resolution = new List<double?> { toResolve.Count, Mean(toResolve), IssueTimes.Median(toResolve), toTriage.Count, Mean(toTriage), IssueTimes.Median(toTriage) };
        var open = issues.Where(i => i.Status == IssueStatus.Unresolved && i.FirstSeen < to).ToList();
        var ages = new[] { (0, 1), (1, 7), (7, 30), (30, 90), (90, 36_500) }
            .Select(a => (long)open.Count(i => i.FirstSeen <= to.AddDays(-a.Item1) && i.FirstSeen > to.AddDays(-a.Item2))).ToList();
        var topNew = issues.Where(i => i.FirstSeen >= from && i.FirstSeen < to).OrderByDescending(i => i.Count).ThenBy(i => i.Id).Take(10).Select(i => i.Id).ToList();
        return (resolution, ages, topNew);
    }
}
