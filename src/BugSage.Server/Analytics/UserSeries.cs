using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Users affected per interval and over the range, estimated by merging user sketches (±1.6% standard error, see
/// API.md). Whole days read the daily sketches and only the range's ragged ends read hourly ones, so 90 days by
/// day merge about 90 sketches: one per day when the answer names no environment or release (<see cref="ProjectUserSketchDay"/>),
/// one per day of the environment when it names only that (<see cref="EnvironmentUserSketchDay"/>), else one per day of
/// that environment and release. An hourly series (at most 31 days) reads hours, one per hour
/// when it names no environment or release (<see cref="ProjectUserSketchHour"/>) or only an environment (<see cref="EnvironmentUserSketchHour"/>). The estimates come from <see cref="UserBuckets"/>.
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
                : range is { Environment: { } environment, Release: null }
                    ? db.EnvironmentUserSketchDays.AsNoTracking().InWholeDays(projectIds, range).Where(d => d.Environment == environment).Select(d => new { At = d.Day, d.Sketch })
                    : db.UserSketchDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range).Select(d => new { At = d.Day, d.Sketch });
            foreach (var d in await days.ToListAsync(ct)) Add(d.At, d.Sketch);
        }
        var hours = wholeProject
            ? db.ProjectUserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly: byDay).Select(h => new { At = h.Hour, h.Sketch })
            : range is { Environment: { } onlyEnvironment, Release: null }
                ? db.EnvironmentUserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly: byDay).Where(h => h.Environment == onlyEnvironment)
                    .Select(h => new { At = h.Hour, h.Sketch })
                : db.UserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly: byDay).OfEnvironmentAndRelease(range).Select(h => new { At = h.Hour, h.Sketch });
        foreach (var h in await hours.ToListAsync(ct)) Add(h.At, h.Sketch);
        var (buckets, total) = UserBuckets.Estimate(rows);
        return new Answer(buckets, total);
    }
}
