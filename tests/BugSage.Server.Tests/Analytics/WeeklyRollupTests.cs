using BugSage.Core.Analytics;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// Releases compared and medians past a thousand issues read a range's whole weeks from the weekly sums, the whole days
/// outside them from the daily sums and the ragged hours from the hours: over ranges that start and end mid-week, on a
/// Monday, mid-day and at midnight, and ranges with no whole week, they equal the same sums taken straight from the hours.
/// Rollup hours are written directly, as six weeks of traffic would have left them; the triggers keep the days and weeks.
/// </summary>
public class WeeklyRollupTests
{
    // A Monday.
    private static readonly DateTime Start = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    // Mid-day, a Monday's midnight, and a Saturday evening.
    private static readonly DateTime[] Ends = [Start.AddHours(1), Start.Date.AddDays(-7), Start.AddDays(-2).AddHours(-5)];

    [Theory, SqliteData, PostgresData]
    public async Task Releases_and_medians_over_weeks_equal_their_hours_summed(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(new DateTimeOffset(Start)));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        string[] releases = ["app@1.0.0", "app@2.0.0", "app@3.0.0"];
        // An hour or two on each of 45 days, at hours that move through the day, in releases and environments that take turns.
        var hours = Enumerable.Range(0, 90).Select(n => Start.AddDays(-(n / 2)).AddHours(-(n * 7 % 24))).Distinct().ToList();
        await app.WithDbAsync(async db =>
        {
            foreach (var (hour, n) in hours.Select((h, n) => (h, n)))
            {
                db.EventHours.Add(new EventHour { ProjectId = projectId, Hour = hour, Environment = n % 2 == 0 ? "production" : "staging", Release = releases[n % 3],
                    Events = n + 1, Errors = n % 4 });
                db.IssueHours.Add(new IssueHour { ProjectId = projectId, Hour = hour, Release = releases[n % 3], NewIssues = 1 + n % 2, Regressions = n % 3, Resolved = n % 2 });
                db.IssueTimeBuckets.Add(new IssueTimeBucket { ProjectId = projectId, Hour = hour, Kind = DurationHistogram.Resolve, Bucket = (short)(10 + n % 15), Issues = 50 + n });
                db.IssueTimeBuckets.Add(new IssueTimeBucket { ProjectId = projectId, Hour = hour, Kind = DurationHistogram.Triage, Bucket = (short)(5 + n % 20), Issues = 40 + n });
            }
            // Past a thousand resolutions and triages in every range asked (each starts more than 31 hours before its end), so
            // medians come from the histograms.
            foreach (var end in Ends)
                db.IssueTimeHours.Add(new IssueTimeHour { ProjectId = projectId, Hour = end.AddHours(-31), Resolved = 5000, ResolveMs = 1, Triaged = 5000, TriageMs = 1 });
            await db.SaveChangesAsync();
        });
        var events = await app.WithDbAsync(db => db.EventHours.Where(h => h.ProjectId == projectId).ToListAsync());
        var issues = await app.WithDbAsync(db => db.IssueHours.Where(h => h.ProjectId == projectId).ToListAsync());
        var buckets = await app.WithDbAsync(db => db.IssueTimeBuckets.Where(b => b.ProjectId == projectId).ToListAsync());

        var starts = new[] { Start.AddDays(-40), Start.Date.AddDays(-35), Start.AddDays(-9).AddHours(5), Start.AddDays(-3), Start.AddDays(-44).AddHours(-3) };
        var asked = 0;
        foreach (var to in Ends)
            foreach (var from in starts.Where(f => f < to.AddHours(-31)))
                foreach (var environment in new string?[] { null, "production" })
                {
                    asked++;
                    var query = $"from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}" + (environment is null ? "" : $"&environment={environment}");
                    var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}");
                    var expected = releases.Select(r => (Release: r,
                            Events: events.Where(h => h.Release == r && h.Hour >= from && h.Hour < to && (environment is null || h.Environment == environment)).Sum(h => h.Events),
                            Errors: events.Where(h => h.Release == r && h.Hour >= from && h.Hour < to && (environment is null || h.Environment == environment)).Sum(h => h.Errors),
                            New: issues.Where(h => h.Release == r && h.Hour >= from && h.Hour < to).Sum(h => h.NewIssues),
                            Regressions: issues.Where(h => h.Release == r && h.Hour >= from && h.Hour < to).Sum(h => h.Regressions)))
                        .Where(r => r.Events + r.New + r.Regressions > 0).OrderBy(r => r.Release, StringComparer.Ordinal).ToList();
                    report["releases"]!.AsArray()
                        .Select(r => (Release: r!["release"].Str()!, Events: r["events"].Long(), Errors: r["errors"].Long(), New: r["newIssues"].Long(), Regressions: r["regressions"].Long()))
                        .OrderBy(r => r.Release, StringComparer.Ordinal).ToList()
                        .ShouldBe(expected, $"releases {query}");
                    double? Median(short kind) => DurationHistogram.MedianHours(buckets.Where(b => b.Kind == kind && b.Hour >= from && b.Hour < to)
                        .GroupBy(b => b.Bucket).ToDictionary(g => g.Key, g => g.Sum(b => b.Issues)));
                    report["resolution"]!["medianHoursToResolve"]!.GetValue<double>().ShouldBe(Median(DurationHistogram.Resolve)!.Value, $"median to resolve {query}");
                    report["resolution"]!["medianHoursToFirstTriage"]!.GetValue<double>().ShouldBe(Median(DurationHistogram.Triage)!.Value, $"median to triage {query}");
                }
        asked.ShouldBeGreaterThan(20);
        (await app.WithDbAsync(db => db.ReleaseEventWeeks.CountAsync())).ShouldBeGreaterThan(10, "six weeks of three releases");
    }
}
