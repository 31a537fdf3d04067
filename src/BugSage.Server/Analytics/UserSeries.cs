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
        void Add(StoredSketch stored) => rows.Add((DateTime.SpecifyKind(range.BucketOf(stored.At), DateTimeKind.Utc), stored.Sketch));
        // Days wholly inside the range come from daily sketches, unless the series is hourly.
        var byDay = range.Interval != "hour" && range.HasWholeDays;
        (await (byDay ? Days().Concat(Hours(raggedOnly: true)) : Hours(raggedOnly: false)).ToListAsync(ct)).ForEach(Add);
        var (buckets, total) = UserBuckets.Estimate(rows);
        return new Answer(buckets, total);
    }

    /// <summary>A sketch read, with its hour or day. Set by member (not a constructor) so EF can read days and hours in one UNION ALL.</summary>
    private sealed class StoredSketch
    {
        public DateTime At { get; init; }
        public byte[] Sketch { get; init; } = [];
    }

    /// <summary>
    /// The fewest sketches that answer the range's whole days: over every environment and release when it names neither,
    /// over every release of its environment when it names only that, else of its environment and release.
    /// </summary>
    private IQueryable<StoredSketch> Days() => (range.Environment, range.Release) switch
    {
        (null, null) => db.ProjectUserSketchDays.AsNoTracking().InWholeDays(projectIds, range).Select(d => new StoredSketch { At = d.Day, Sketch = d.Sketch }),
        ({ } environment, null) => db.EnvironmentUserSketchDays.AsNoTracking().InWholeDays(projectIds, range).Where(d => d.Environment == environment)
            .Select(d => new StoredSketch { At = d.Day, Sketch = d.Sketch }),
        _ => db.UserSketchDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range).Select(d => new StoredSketch { At = d.Day, Sketch = d.Sketch }),
    };

    /// <summary>The range's hours (only the ragged ones, with <paramref name="raggedOnly"/>), chosen as <see cref="Days"/>.</summary>
    private IQueryable<StoredSketch> Hours(bool raggedOnly) => (range.Environment, range.Release) switch
    {
        (null, null) => db.ProjectUserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly).Select(h => new StoredSketch { At = h.Hour, Sketch = h.Sketch }),
        ({ } environment, null) => db.EnvironmentUserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly).Where(h => h.Environment == environment)
            .Select(h => new StoredSketch { At = h.Hour, Sketch = h.Sketch }),
        _ => db.UserSketchHours.AsNoTracking().InHours(projectIds, range, raggedOnly).OfEnvironmentAndRelease(range).Select(h => new StoredSketch { At = h.Hour, Sketch = h.Sketch }),
    };
}
