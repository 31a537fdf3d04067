using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Resolution and triage times and issue ages from the issue-time rollups (<see cref="IssueTimeHour"/>): counts and
/// means from summed hours, so an answer reads at most one row per hour of the range (ages: per hour with open
/// issues) whatever the number of issues. Medians are exact up to <see cref="ExactMedianUpTo"/> issues, read through
/// an index; past that they come from the duration histogram (<see cref="DurationHistogram"/>: within 19%).
/// </summary>
internal sealed class IssueTimes(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public const int ExactMedianUpTo = 1000;

    private IQueryable<IssueTimeHour> Hours() => db.IssueTimeHours.AsNoTracking().Where(h => projectIds.Contains(h.ProjectId));

    private IQueryable<Issue> Issues() => db.Issues.AsNoTracking().Where(i => projectIds.Contains(i.ProjectId));

    public async Task<ResolutionTimes> ResolutionAsync(CancellationToken ct)
    {
        var sums = await Hours().Where(h => h.Hour >= range.From && h.Hour < range.To).GroupBy(_ => 1)
            .Select(g => new { Resolved = g.Sum(h => h.Resolved), ResolveMs = g.Sum(h => h.ResolveMs), Triaged = g.Sum(h => h.Triaged), TriageMs = g.Sum(h => h.TriageMs) })
            .FirstOrDefaultAsync(ct);
        long resolved = sums?.Resolved ?? 0, triaged = sums?.Triaged ?? 0;
        var histograms = resolved > ExactMedianUpTo || triaged > ExactMedianUpTo ? await HistogramsAsync(ct) : null;
        var toResolve = resolved == 0 ? null
            : resolved <= ExactMedianUpTo ? Median(await HoursToResolveAsync(ct)) : DurationHistogram.MedianHours(histograms![DurationHistogram.Resolve]);
        var toTriage = triaged == 0 ? null
            : triaged <= ExactMedianUpTo ? Median(await HoursToTriageAsync(ct)) : DurationHistogram.MedianHours(histograms![DurationHistogram.Triage]);
        return new ResolutionTimes((int)resolved, MeanHours(sums?.ResolveMs ?? 0, resolved), toResolve, (int)triaged, MeanHours(sums?.TriageMs ?? 0, triaged), toTriage);
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
    /// Both duration histograms of the range (each kind's buckets and their issues): its whole days from the daily sums,
    /// its ragged hours from the hourly buckets.
    /// </summary>
    private async Task<Dictionary<short, Dictionary<short, long>>> HistogramsAsync(CancellationToken ct)
    {
        var counts = await db.IssueTimeBuckets.AsNoTracking().InHours(projectIds, range, raggedOnly: range.HasWholeDays)
            .GroupBy(b => new { b.Kind, b.Bucket }).Select(g => new { g.Key.Kind, g.Key.Bucket, Issues = g.Sum(b => b.Issues) }).ToListAsync(ct);
        if (range.HasWholeDays)
            counts.AddRange(await db.IssueTimeBucketDays.AsNoTracking().InWholeDays(projectIds, range)
                .GroupBy(b => new { b.Kind, b.Bucket }).Select(g => new { g.Key.Kind, g.Key.Bucket, Issues = g.Sum(b => b.Issues) }).ToListAsync(ct));
        return new[] { DurationHistogram.Resolve, DurationHistogram.Triage }.ToDictionary(kind => kind, kind => counts.Where(c => c.Kind == kind)
            .GroupBy(c => c.Bucket).ToDictionary(g => g.Key, g => g.Sum(c => c.Issues)));
    }

    /// <summary>
    /// Unresolved issues by the age of their first event at the range's end. Open issues are counted in the first whole
    /// hour at or after their first event, so "first seen at or before a whole hour" is a comparison of hours; only an
    /// issue first seen exactly at the range's end (which the range excludes) is looked up by index. The hours are summed
    /// into the five ages by the database: taken out one by one, 20 projects' 43,000 hours cost about 60 ms on SQLite.
    /// </summary>
    public async Task<List<AgeBucket>> AgesAsync(CancellationToken ct)
    {
        DateTime to = range.To, day = to.AddDays(-1), week = to.AddDays(-7), month = to.AddDays(-30), quarter = to.AddDays(-90);
        var open = await Hours().Where(h => h.OpenIssues != 0 && h.Hour <= to).GroupBy(_ => 1).Select(g => new long[]
        {
            g.Sum(h => h.Hour > day ? h.OpenIssues : 0),
            g.Sum(h => h.Hour <= day && h.Hour > week ? h.OpenIssues : 0),
            g.Sum(h => h.Hour <= week && h.Hour > month ? h.OpenIssues : 0),
            g.Sum(h => h.Hour <= month && h.Hour > quarter ? h.OpenIssues : 0),
            g.Sum(h => h.Hour <= quarter ? h.OpenIssues : 0),
        }).FirstOrDefaultAsync(ct) ?? new long[5];
        var atEnd = await Issues().LongCountAsync(i => i.Status == IssueStatus.Unresolved && i.FirstSeen == to, ct);
        string[] ages = ["under 1 day", "1-7 days", "7-30 days", "30-90 days", "over 90 days"];
        return ages.Select((age, k) => new AgeBucket(age, k == 0 ? open[k] - atEnd : open[k])).ToList();
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
