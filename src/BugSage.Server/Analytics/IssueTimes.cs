using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Resolution and triage times and issue ages from the issue-time rollups (<see cref="IssueTimeHour"/> and its days,
/// <see cref="IssueTimeDay"/>): counts and means from summed days and the ragged hours at the range's ends, so an answer
/// reads about one row per day of the range (ages: per day with open issues) whatever the number of issues. Medians are exact up to <see cref="ExactMedianUpTo"/> issues, read through
/// an index; past that they come from the duration histogram (<see cref="DurationHistogram"/>: within 19%).
/// </summary>
internal sealed class IssueTimes(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public const int ExactMedianUpTo = 1000;

    private IQueryable<IssueTimeHour> Hours() => db.IssueTimeHours.AsNoTracking();

    private IQueryable<Issue> Issues() => db.Issues.AsNoTracking().Where(i => projectIds.Contains(i.ProjectId));

    public async Task<ResolutionTimes> ResolutionAsync(CancellationToken ct)
    {
        var sums = await SumsAsync(ct);
        long resolved = sums[0], triaged = sums[2];
        var histograms = resolved > ExactMedianUpTo || triaged > ExactMedianUpTo ? await HistogramsAsync(ct) : null;
        var toResolve = resolved == 0 ? null
            : resolved <= ExactMedianUpTo ? Median(await HoursToResolveAsync(ct)) : DurationHistogram.MedianHours(histograms![DurationHistogram.Resolve]);
        var toTriage = triaged == 0 ? null
            : triaged <= ExactMedianUpTo ? Median(await HoursToTriageAsync(ct)) : DurationHistogram.MedianHours(histograms![DurationHistogram.Triage]);
        return new ResolutionTimes((int)resolved, MeanHours(sums[1], resolved), toResolve, (int)triaged, MeanHours(sums[3], triaged), toTriage);
    }

    /// <summary>
    /// Resolutions, their milliseconds, first triages and theirs, in one statement: the days from the daily sums (a ragged
    /// end of more than 12 hours as its day less the hours outside the range, <see cref="AnalyticsRange.LastDayLessHours"/>),
    /// the other hours from the hourly ones. Summed per project by the database, and over projects here.
    /// </summary>
    private async Task<long[]> SumsAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var sums = await Hours().InHoursBesideDays(projectIds, range).GroupBy(h => h.ProjectId)
            .Select(g => new TimeSums
            {
                Resolved = g.Sum(h => h.Hour >= from && h.Hour < to ? h.Resolved : -h.Resolved),
                ResolveMs = g.Sum(h => h.Hour >= from && h.Hour < to ? h.ResolveMs : -h.ResolveMs),
                Triaged = g.Sum(h => h.Hour >= from && h.Hour < to ? h.Triaged : -h.Triaged),
                TriageMs = g.Sum(h => h.Hour >= from && h.Hour < to ? h.TriageMs : -h.TriageMs),
            })
            .Concat(db.IssueTimeDays.AsNoTracking().InSummedDays(projectIds, range).GroupBy(d => d.ProjectId)
                .Select(g => new TimeSums
                {
                    Resolved = g.Sum(d => d.Resolved),
                    ResolveMs = g.Sum(d => d.ResolveMs),
                    Triaged = g.Sum(d => d.Triaged),
                    TriageMs = g.Sum(d => d.TriageMs),
                }))
            .ToListAsync(ct);
        return [sums.Sum(s => s.Resolved), sums.Sum(s => s.ResolveMs), sums.Sum(s => s.Triaged), sums.Sum(s => s.TriageMs)];
    }

    /// <summary>Set by member, so EF can unite the hours' and the days' sums in one statement.</summary>
    private sealed class TimeSums
    {
        public long Resolved { get; init; }
        public long ResolveMs { get; init; }
        public long Triaged { get; init; }
        public long TriageMs { get; init; }
    }

    /// <summary>Through the (project, resolved_at) index: only the issues resolved in the range.</summary>
    private async Task<List<double>> HoursToResolveAsync(CancellationToken ct) =>
        (await Issues().Where(i => i.ResolvedAt >= range.From && i.ResolvedAt < range.To).Select(i => new { i.FirstSeen, i.ResolvedAt }).ToListAsync(ct))
            .Select(i => (i.ResolvedAt!.Value - i.FirstSeen).TotalHours).ToList();

    /// <summary>Through the partial index of triaged issues by first sighting.</summary>
    private async Task<List<double>> HoursToTriageAsync(CancellationToken ct) =>
        (await Issues().Where(i => i.FirstTriagedAt != null && i.FirstSeen >= range.From && i.FirstSeen < range.To).Select(i => new { i.FirstSeen, i.FirstTriagedAt }).ToListAsync(ct))
            .Select(i => Math.Max(0, (i.FirstTriagedAt!.Value - i.FirstSeen).TotalHours)).ToList();

    /// <summary>
    /// Both duration histograms of the range (each kind's buckets and their issues), in one statement: its whole weeks from
    /// the weekly sums, its other days from the daily ones (a ragged end as in <see cref="SumsAsync"/>), its other hours
    /// from the hourly buckets.
    /// </summary>
    private async Task<Dictionary<short, Dictionary<short, long>>> HistogramsAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var counts = db.IssueTimeBuckets.AsNoTracking().InHoursBesideDays(projectIds, range).GroupBy(b => new { b.Kind, b.Bucket })
            .Select(g => new BucketIssues { Kind = g.Key.Kind, Bucket = g.Key.Bucket, Issues = g.Sum(b => b.Hour >= from && b.Hour < to ? b.Issues : -b.Issues) });
        if (range.HasWholeDays)
            counts = counts.Concat(db.IssueTimeBucketDays.AsNoTracking().InSummedDays(projectIds, range, raggedOnly: true).GroupBy(b => new { b.Kind, b.Bucket })
                .Select(g => new BucketIssues { Kind = g.Key.Kind, Bucket = g.Key.Bucket, Issues = g.Sum(b => b.Issues) }));
        if (range.HasWholeWeeks)
            counts = counts.Concat(db.IssueTimeBucketWeeks.AsNoTracking().InWholeWeeks(projectIds, range).GroupBy(b => new { b.Kind, b.Bucket })
                .Select(g => new BucketIssues { Kind = g.Key.Kind, Bucket = g.Key.Bucket, Issues = g.Sum(b => b.Issues) }));
        var read = await counts.ToListAsync(ct);
        return new[] { DurationHistogram.Resolve, DurationHistogram.Triage }.ToDictionary(kind => kind, kind => read.Where(c => c.Kind == kind)
            .GroupBy(c => c.Bucket).Select(g => (Bucket: g.Key, Issues: g.Sum(c => c.Issues))).Where(b => b.Issues != 0).ToDictionary(b => b.Bucket, b => b.Issues));
    }

    /// <summary>Set by member, as <see cref="TimeSums"/>.</summary>
    private sealed class BucketIssues
    {
        public short Kind { get; init; }
        public short Bucket { get; init; }
        public long Issues { get; init; }
    }

    /// <summary>
    /// Unresolved issues by the age of their first event at the range's end. Open issues are counted in the first whole
    /// hour at or after their first event, so "first seen at or before a whole hour" is a comparison of hours; only an
    /// issue first seen exactly at the range's end (which the range excludes) is looked up by index. An hour's age is its
    /// place among the four thresholds (a day, a week, 30 and 90 days before the end); a day's row answers for its 24 hours
    /// when no threshold falls inside it, so only the days a threshold splits (at most five, none when the end is midnight
    /// less an hour) are read by hour: 20 projects' 90 days read 1,800 day rows and at most 2,400 hours instead of 39,000
    /// hours. Both are summed into the five ages by the database.
    /// </summary>
    public async Task<List<AgeBucket>> AgesAsync(CancellationToken ct)
    {
        var to = range.To;
        var (day, week, month, quarter) = Thresholds;
        // The day holding each threshold's first later hour is split by it unless that hour is midnight. All five share the
        // end's time of day: either every one splits a day or none does.
        var split = to.AddHours(1) != to.AddHours(1).Date;
        // Without a split each stands at the end of the days read, an empty range of hours.
        DateTime Split(DateTime threshold) => split ? threshold.AddHours(1).Date : to.AddHours(1);
        DateTime s0 = Split(to), s1 = Split(day), s2 = Split(week), s3 = Split(month), s4 = Split(quarter);
        DateTime e0 = split ? s0.AddDays(1) : s0, e1 = split ? s1.AddDays(1) : s1, e2 = split ? s2.AddDays(1) : s2, e3 = split ? s3.AddDays(1) : s3,
            e4 = split ? s4.AddDays(1) : s4;
        // Days whose every hour is at or before the end, less the split ones.
        var daysEnd = to.AddHours(1).Date;
        var open = await AgesOfAsync(db.IssueTimeDays.AsNoTracking()
            .Where(d => projectIds.Contains(d.ProjectId) && d.OpenIssues != 0 && d.Day < daysEnd && d.Day != s0 && d.Day != s1 && d.Day != s2 && d.Day != s3 && d.Day != s4)
            .Select(d => new OpenAt { At = d.Day, Open = d.OpenIssues })
            .Concat(Hours().Where(h => projectIds.Contains(h.ProjectId) && h.OpenIssues != 0 && h.Hour <= to && ((h.Hour >= s0 && h.Hour < e0)
                || (h.Hour >= s1 && h.Hour < e1) || (h.Hour >= s2 && h.Hour < e2) || (h.Hour >= s3 && h.Hour < e3) || (h.Hour >= s4 && h.Hour < e4)))
            .Select(h => new OpenAt { At = h.Hour, Open = h.OpenIssues })), ct);
        var atEnd = await Issues().LongCountAsync(i => i.Status == IssueStatus.Unresolved && i.FirstSeen == to, ct);
        string[] ages = ["under 1 day", "1-7 days", "7-30 days", "30-90 days", "over 90 days"];
        return ages.Select((age, k) => new AgeBucket(age, open[k] - (k == 0 ? atEnd : 0))).ToList();
    }

    /// <summary>The ages' thresholds: a day, a week, 30 and 90 days before the range's end.</summary>
    private (DateTime Day, DateTime Week, DateTime Month, DateTime Quarter) Thresholds =>
        (range.To.AddDays(-1), range.To.AddDays(-7), range.To.AddDays(-30), range.To.AddDays(-90));

    /// <summary>Open issues counted at an hour, or over a day no threshold splits.</summary>
    private sealed class OpenAt
    {
        public DateTime At { get; init; }
        public long Open { get; init; }
    }

    /// <summary>The open issues of the rows in the five ages, summed by the database.</summary>
    private async Task<long[]> AgesOfAsync(IQueryable<OpenAt> rows, CancellationToken ct)
    {
        var (day, week, month, quarter) = Thresholds;
        return await rows.GroupBy(_ => 1).Select(g => new long[]
        {
            g.Sum(r => r.At > day ? r.Open : 0),
            g.Sum(r => r.At <= day && r.At > week ? r.Open : 0),
            g.Sum(r => r.At <= week && r.At > month ? r.Open : 0),
            g.Sum(r => r.At <= month && r.At > quarter ? r.Open : 0),
            g.Sum(r => r.At <= quarter ? r.Open : 0),
        }).FirstOrDefaultAsync(ct) ?? new long[5];
    }

    private static double? MeanHours(long ms, long count) => count == 0 ? null : Math.Round(ms / (double)count / 3_600_000, 2);

    public static double? Median(List<double> hours)
    {
        if (hours.Count == 0) return null;
        var sorted = hours.Order().ToList();
        var mid = sorted.Count / 2;
        return Math.Round(sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
    }
}
