using BugSage.Core.Analytics;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// Summed rollups answer a range from its whole weeks (weekly sums), its other whole days (daily sums), and its ragged ends:
/// by hour, or, past 12 hours, as the ragged day less the hours of that day outside the range. Over ranges that start and end
/// mid-week, on a Monday, mid-day and at midnight, with traffic in the hours just outside them, and ranges with no whole
/// week, with and without an environment or release, series, releases compared, resolution and triage counts and medians
/// past a thousand issues equal the same sums taken straight from the hours.
/// Rollup hours are written directly, as six weeks of traffic would have left them; the triggers keep the days and weeks.
/// </summary>
public class WeeklyRollupTests
{
    // A Monday.
    private static readonly DateTime Start = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    // Mid-day, a Monday's midnight, and a Saturday morning.
    private static readonly DateTime[] Ends = [Start.AddHours(1), Start.Date.AddDays(-7), Start.AddDays(-2).AddHours(-5)];

    // Mid-day, a Monday's midnight, evening, mid-day, and morning (a first ragged day of 15 hours, read as its day less 9).
    private static readonly DateTime[] Starts = [Start.AddDays(-40), Start.Date.AddDays(-35), Start.AddDays(-9).AddHours(5), Start.AddDays(-3), Start.AddDays(-44).AddHours(-3)];

    [Theory, SqliteData, PostgresData]
    public async Task Series_releases_and_medians_over_weeks_days_and_ragged_ends_equal_their_hours_summed(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(new DateTimeOffset(Start)));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        string[] releases = ["app@1.0.0", "app@2.0.0", "app@3.0.0"];
        // An hour or two on each of 45 days, at hours that move through the day, and two hours either side of every end and
        // start, in releases and environments that take turns.
        var hours = Enumerable.Range(0, 90).Select(n => Start.AddDays(-(n / 2)).AddHours(-(n * 7 % 24)))
            .Concat(Ends.Concat(Starts).SelectMany(at => new[] { at.AddHours(-2), at.AddHours(2) })).Distinct().ToList();
        await app.WithDbAsync(async db =>
        {
            foreach (var (hour, n) in hours.Select((h, n) => (h, n)))
            {
                db.EventHours.Add(new EventHour { ProjectId = projectId, Hour = hour, Environment = n % 2 == 0 ? "production" : "staging", Release = releases[n % 3],
                    Events = n + 1, Errors = n % 4 });
                db.IssueHours.Add(new IssueHour { ProjectId = projectId, Hour = hour, Release = releases[n % 3], NewIssues = 1 + n % 2, Regressions = n % 3, Resolved = n % 2 });
                db.IssueTimeBuckets.Add(new IssueTimeBucket { ProjectId = projectId, Hour = hour, Kind = DurationHistogram.Resolve, Bucket = (short)(10 + n % 15), Issues = 50 + n });
                db.IssueTimeBuckets.Add(new IssueTimeBucket { ProjectId = projectId, Hour = hour, Kind = DurationHistogram.Triage, Bucket = (short)(5 + n % 20), Issues = 40 + n });
                // Past a thousand resolutions and triages in every range asked, so medians come from the histograms.
                db.IssueTimeHours.Add(new IssueTimeHour { ProjectId = projectId, Hour = hour, Resolved = 200, ResolveMs = 1, Triaged = 200, TriageMs = 1 });
            }
            await db.SaveChangesAsync();
        });
        var events = await app.WithDbAsync(db => db.EventHours.Where(h => h.ProjectId == projectId).ToListAsync());
        var issues = await app.WithDbAsync(db => db.IssueHours.Where(h => h.ProjectId == projectId).ToListAsync());
        var buckets = await app.WithDbAsync(db => db.IssueTimeBuckets.Where(b => b.ProjectId == projectId).ToListAsync());

        var asked = 0;
        foreach (var to in Ends)
            foreach (var from in Starts.Where(f => f < to.AddDays(-2)))
                foreach (var (environment, release, interval) in new (string?, string?, string)[]
                             { (null, null, "day"), ("production", null, "day"), (null, null, "week"), (null, "app@2.0.0", "day"), ("staging", "app@1.0.0", "week") })
                {
                    asked++;
                    var query = $"from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}&interval={interval}" + (environment is null ? "" : $"&environment={environment}")
                        + (release is null ? "" : $"&release={release}");
                    var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}");
                    var inEvents = events.Where(h => h.Hour >= from && h.Hour < to && (environment is null || h.Environment == environment)
                        && (release is null || h.Release == release)).ToList();
                    var inIssues = issues.Where(h => h.Hour >= from && h.Hour < to && (release is null || h.Release == release)).ToList();

                    DateTime BucketOf(DateTime hour) => interval == "day" ? hour.Date : RollupTests.MondayOf(hour);
                    var series = inEvents.Select(h => (At: BucketOf(h.Hour), Values: new[] { h.Events, h.Errors, 0, 0, 0 }))
                        .Concat(inIssues.Select(h => (At: BucketOf(h.Hour), Values: new[] { 0, 0, h.NewIssues, h.Regressions, h.Resolved })))
                        .GroupBy(p => p.At).ToDictionary(g => g.Key, g => string.Join(",", Enumerable.Range(0, 5).Select(k => g.Sum(p => p.Values[k]))));
                    report["series"]!.AsArray()
                        .Select(p => (At: DateTime.Parse(p!["start"].Str()!).ToUniversalTime(),
                            Values: string.Join(",", new[] { "events", "errors", "newIssues", "regressions", "resolved" }.Select(f => p[f].Long()))))
                        .Where(p => p.Values != "0,0,0,0,0").ToDictionary(p => p.At, p => p.Values)
                        .ShouldBe(series.Where(p => p.Value != "0,0,0,0,0").ToDictionary(), ignoreOrder: true, $"series {query}");

                    var expected = releases.Where(r => release is null || r == release).Select(r => (Release: r,
                            Events: inEvents.Where(h => h.Release == r).Sum(h => h.Events), Errors: inEvents.Where(h => h.Release == r).Sum(h => h.Errors),
                            New: inIssues.Where(h => h.Release == r).Sum(h => h.NewIssues), Regressions: inIssues.Where(h => h.Release == r).Sum(h => h.Regressions)))
                        .Where(r => r.Events + r.New + r.Regressions > 0).OrderBy(r => r.Release, StringComparer.Ordinal).ToList();
                    report["releases"]!.AsArray()
                        .Select(r => (Release: r!["release"].Str()!, Events: r["events"].Long(), Errors: r["errors"].Long(), New: r["newIssues"].Long(), Regressions: r["regressions"].Long()))
                        .OrderBy(r => r.Release, StringComparer.Ordinal).ToList()
                        .ShouldBe(expected, $"releases {query}");

                    double? Median(short kind) => DurationHistogram.MedianHours(buckets.Where(b => b.Kind == kind && b.Hour >= from && b.Hour < to)
                        .GroupBy(b => b.Bucket).ToDictionary(g => g.Key, g => g.Sum(b => b.Issues)));
                    var resolution = report["resolution"]!;
                    resolution["resolvedIssues"].Long().ShouldBe(200L * hours.Count(h => h >= from && h < to), $"resolutions {query}");
                    resolution["triagedIssues"].Long().ShouldBe(200L * hours.Count(h => h >= from && h < to), $"first triages {query}");
                    resolution["medianHoursToResolve"]!.GetValue<double>().ShouldBe(Median(DurationHistogram.Resolve)!.Value, $"median to resolve {query}");
                    resolution["medianHoursToFirstTriage"]!.GetValue<double>().ShouldBe(Median(DurationHistogram.Triage)!.Value, $"median to triage {query}");
                }
        asked.ShouldBeGreaterThan(50);
        (await app.WithDbAsync(db => db.ReleaseEventWeeks.CountAsync())).ShouldBeGreaterThan(10, "six weeks of three releases");
    }
}
