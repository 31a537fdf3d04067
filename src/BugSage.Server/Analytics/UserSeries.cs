using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Users affected per interval and over the range, estimated by merging user sketches (±1.6% standard error, see
/// API.md). Whole days read the daily sketches and only the range's ragged ends read hourly ones, so 90 days by
/// day merge about 90 sketches per environment and release; an hourly series (at most 31 days) reads hours, one per hour
/// when it names no environment or release (<see cref="ProjectUserSketchHour"/>).
/// </summary>
internal sealed class UserSeries(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public sealed record Answer(IReadOnlyList<(DateTime Bucket, long Users)> Buckets, long Total);

    public async Task<Answer> ReadAsync(CancellationToken ct)
    {
        var buckets = new Dictionary<DateTime, UserSketch>();
        var total = new UserSketch();
        void Add(DateTime at, byte[] sketch)
        {
            var bucket = DateTime.SpecifyKind(range.BucketOf(at), DateTimeKind.Utc);
            if (!buckets.TryGetValue(bucket, out var merged)) buckets[bucket] = merged = new UserSketch();
            merged.MergeBytes(sketch);
        }
        // Days wholly inside the range come from daily sketches, unless the series is hourly.
        var firstDay = range.From.Date == range.From ? range.From : range.From.Date.AddDays(1);
        var endDay = range.To.Date;
        var byDay = range.Interval != "hour" && firstDay < endDay;
        if (byDay)
        {
            var days = db.UserSketchDays.AsNoTracking().Where(d => projectIds.Contains(d.ProjectId) && d.Day >= firstDay && d.Day < endDay);
            if (range.Environment is { } env) days = days.Where(d => d.Environment == env);
            if (range.Release is { } release) days = days.Where(d => d.Release == release);
            foreach (var d in await days.Select(d => new { d.Day, d.Sketch }).ToListAsync(ct)) Add(d.Day, d.Sketch);
        }
        // Hours: of every environment and release together when the answer names neither, one sketch per hour.
        var from = range.From;
        var to = range.To;
        if (range.Environment is null && range.Release is null)
        {
            var projectHours = db.ProjectUserSketchHours.AsNoTracking().Where(h => projectIds.Contains(h.ProjectId) && h.Hour >= from && h.Hour < to);
            if (byDay) projectHours = projectHours.Where(h => h.Hour < firstDay || h.Hour >= endDay);
            foreach (var h in await projectHours.Select(h => new { h.Hour, h.Sketch }).ToListAsync(ct)) Add(h.Hour, h.Sketch);
        }
        else
        {
            var hours = db.UserSketchHours.AsNoTracking().Where(h => projectIds.Contains(h.ProjectId) && h.Hour >= from && h.Hour < to);
            if (byDay) hours = hours.Where(h => h.Hour < firstDay || h.Hour >= endDay);
            if (range.Environment is { } environment) hours = hours.Where(h => h.Environment == environment);
            if (range.Release is { } r) hours = hours.Where(h => h.Release == r);
            foreach (var h in await hours.Select(h => new { h.Hour, h.Sketch }).ToListAsync(ct)) Add(h.Hour, h.Sketch);
        }
        // The range's users are its buckets' merged: a few dense merges instead of every stored sketch a second time.
        foreach (var merged in buckets.Values) total.Merge(merged);
        return new Answer(buckets.Select(b => (b.Key, b.Value.Estimate())).ToList(), total.Estimate());
    }
}
