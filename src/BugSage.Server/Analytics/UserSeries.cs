using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Users affected per interval and over the range, estimated by merging user sketches (±1.6% standard error, see
/// API.md). Whole days read the daily sketches and only the range's ragged ends read hourly ones, so 90 days by
/// day merge about 90 sketches: one per day when the answer names no environment or release (<see cref="ProjectUserSketchDay"/>),
/// else one per day of that environment and release. An hourly series (at most 31 days) reads hours, one per hour
/// when it names no environment or release (<see cref="ProjectUserSketchHour"/>).
/// </summary>
internal sealed class UserSeries(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public sealed record Answer(IReadOnlyList<(DateTime Bucket, long Users)> Buckets, long Total);

    public async Task<Answer> ReadAsync(CancellationToken ct)
    {
        var rows = new List<(DateTime Bucket, byte[] Sketch)>();
        void Add(DateTime at, byte[] sketch) => rows.Add((DateTime.SpecifyKind(range.BucketOf(at), DateTimeKind.Utc), sketch));
        // Days wholly inside the range come from daily sketches, unless the series is hourly.
        var byDay = range.Interval != "hour" && range.HasWholeDays;
        // Of every environment and release together when the answer names neither: one sketch per day or hour.
        var wholeProject = range.Environment is null && range.Release is null;
        if (byDay)
        {
            var days = wholeProject
                ? db.ProjectUserSketchDays.AsNoTracking().InWholeDays(projectIds, range).Select(d => new { At = d.Day, d.Sketch })
                : db.UserSketchDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range).Select(d => new { At = d.Day, d.Sketch });
            foreach (var d in await days.ToListAsync(ct)) Add(d.At, d.Sketch);
        }
        var hours = wholeProject
            ? db.ProjectUserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly: byDay).Select(h => new { At = h.Hour, h.Sketch })
            : db.UserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly: byDay).OfEnvironmentAndRelease(range).Select(h => new { At = h.Hour, h.Sketch });
        foreach (var h in await hours.ToListAsync(ct)) Add(h.At, h.Sketch);
        return Estimate(rows);
    }

    /// <summary>
    /// Each bucket's users and the range's: a bucket of one stored sketch (every hour of a project's hourly series) is
    /// estimated from its bytes, a bucket of several is merged into one reused sketch first, and the range's users are
    /// every stored sketch merged. Nothing is allocated per bucket: an hourly series has 744 of them.
    /// </summary>
    private static Answer Estimate(List<(DateTime Bucket, byte[] Sketch)> rows)
    {
        rows.Sort((a, b) => a.Bucket.CompareTo(b.Bucket));
        var buckets = new List<(DateTime Bucket, long Users)>();
        var total = new UserSketch();
        var bucket = new UserSketch();
        for (var first = 0; first < rows.Count;)
        {
            var end = first + 1;
            while (end < rows.Count && rows[end].Bucket == rows[first].Bucket) end++;
            if (end - first == 1)
            {
                buckets.Add((rows[first].Bucket, UserSketch.EstimateOf(rows[first].Sketch)));
                total.MergeBytes(rows[first].Sketch);
            }
            else
            {
                bucket.Clear();
                for (var i = first; i < end; i++) bucket.MergeBytes(rows[i].Sketch);
                buckets.Add((rows[first].Bucket, bucket.Estimate()));
                total.Merge(bucket);
            }
            first = end;
        }
        return new Answer(buckets, total.Estimate());
    }
}
