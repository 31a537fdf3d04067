using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Core.Analytics;

/// <summary>
/// Writes user sketches inside the caller's transaction. A sketch cannot be added to in SQL, so each key is read,
/// merged in memory and written back: the key is first inserted empty (which takes SQLite's write lock before the
/// read) and, on PostgreSQL, read <c>FOR UPDATE</c> in key order, so two digests on two nodes never lose each
/// other's users.
/// </summary>
internal static class UserSketchStore
{
    public static DateTime DayOf(DateTime hour) => DateTime.SpecifyKind(hour.Date, DateTimeKind.Utc);

    /// <summary>Merges a batch's sketches (one per hour key) into the hourly and daily rows.</summary>
    public static async Task MergeAsync(AppDbContext db, IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> hours, CancellationToken ct)
    {
        if (hours.Count == 0) return;
        var days = new Dictionary<(long, DateTime, string, string), UserSketch>();
        foreach (var (key, sketch) in hours)
        {
            var day = (key.Project, DayOf(key.Hour), key.Environment, key.Release);
            if (!days.TryGetValue(day, out var merged)) days[day] = merged = new UserSketch();
            merged.Merge(sketch);
        }
        await MergeIntoAsync(db, "analytics_user_sketch_hours", "hour", hours.Select(kv => ((kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release), kv.Value)), ct);
        await MergeIntoAsync(db, "analytics_user_sketch_days", "day", days.Select(kv => (kv.Key, kv.Value)), ct);
    }

    private static async Task MergeIntoAsync(AppDbContext db, string table, string time,
        IEnumerable<((long Project, DateTime At, string Environment, string Release) Key, UserSketch Sketch)> rows, CancellationToken ct)
    {
        var ordered = rows.OrderBy(r => r.Key.Project).ThenBy(r => r.Key.At).ThenBy(r => r.Key.Environment, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Release, StringComparer.Ordinal).ToList();
        await BulkUpsert.ExecuteAsync(db, $"INSERT INTO {table} (project_id, {time}, environment, release, sketch) VALUES",
            $"ON CONFLICT (project_id, {time}, environment, release) DO NOTHING", 5,
            ordered.Select(r => new object?[] { r.Key.Project, r.Key.At, r.Key.Environment, r.Key.Release, Array.Empty<byte>() }).ToList(), ct);
        var lockRows = db.Database.IsNpgsql() ? " FOR UPDATE" : "";
        var merged = new List<object?[]>(ordered.Count);
        await using var read = db.Database.GetDbConnection().CreateCommand();
        read.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        // Table and column names come from this class, never from input; the key travels as parameters.
        read.CommandText = $"SELECT sketch FROM {table} WHERE project_id = @p0 AND {time} = @p1 AND environment = @p2 AND release = @p3{lockRows}";
        for (var i = 0; i < 4; i++)
        {
            var parameter = read.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            read.Parameters.Add(parameter);
        }
        foreach (var (key, sketch) in ordered)
        {
            read.Parameters[0].Value = key.Project;
            read.Parameters[1].Value = key.At;
            read.Parameters[2].Value = key.Environment;
            read.Parameters[3].Value = key.Release;
            sketch.MergeBytes(await read.ExecuteScalarAsync(ct) as byte[]);
            merged.Add([sketch.ToBytes(), key.Project, key.At, key.Environment, key.Release]);
        }
        await BulkUpsert.EachRowAsync(db, $"UPDATE {table} SET sketch = @p0 WHERE project_id = @p1 AND {time} = @p2 AND environment = @p3 AND release = @p4", 5, merged, ct);
    }

    /// <summary>
    /// Recounts a project's hourly sketches in [from, to) from its stored events, replacing what they held (users
    /// cannot be subtracted from a sketch), then the days those hours fall in from their hours. Environments and
    /// releases go through the same admission as the digest's, so a recount never writes rows past the caps.
    /// </summary>
    public static async Task RecountAsync(AppDbContext db, RollupDimensions dimensions, long projectId, DateTime from, DateTime to, CancellationToken ct)
    {
        var hours = new Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch>();
        long afterId = 0;
        const int chunk = 10_000;
        while (true)
        {
            var rows = await db.Events.AsNoTracking()
                .Where(e => e.ProjectId == projectId && e.Timestamp >= from && e.Timestamp < to && e.UserKey != null && e.Id > afterId)
                .OrderBy(e => e.Id).Take(chunk).Select(e => new { e.Id, e.Timestamp, e.Environment, e.Release, e.UserKey }).ToListAsync(ct);
            foreach (var e in rows)
            {
                var key = RollupChanges.KeyOf(projectId, e.Timestamp, e.Environment, e.Release);
                if (!hours.TryGetValue(key, out var sketch)) hours[key] = sketch = new UserSketch();
                sketch.Add(RollupChanges.UserHash(e.UserKey!));
            }
            if (rows.Count < chunk) break;
            afterId = rows[^1].Id;
        }
        var admitted = await dimensions.AdmitAsync(db, RollupChanges.DimensionsOf(hours.Keys), ct);
        var folded = RollupChanges.FoldSketches(hours, admitted);
        await db.UserSketchHours.Where(h => h.ProjectId == projectId && h.Hour >= from && h.Hour < to).ExecuteDeleteAsync(ct);
        await MergeIntoAsync(db, "analytics_user_sketch_hours", "hour", folded.Select(kv => ((kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release), kv.Value)), ct);
        await RecountDaysAsync(db, projectId, DayOf(from), to, ct);
    }

    /// <summary>Each day from <paramref name="firstDay"/> up to <paramref name="to"/> becomes its hours merged.</summary>
    public static async Task RecountDaysAsync(AppDbContext db, long projectId, DateTime firstDay, DateTime to, CancellationToken ct)
    {
        var end = DayOf(to) < to ? DayOf(to).AddDays(1) : DayOf(to);
        for (var day = firstDay; day < end; day = day.AddDays(30))
        {
            var until = day.AddDays(30) < end ? day.AddDays(30) : end;
            var days = new Dictionary<(long, DateTime, string, string), UserSketch>();
            var hours = await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= day && h.Hour < until)
                .Select(h => new { h.Hour, h.Environment, h.Release, h.Sketch }).ToListAsync(ct);
            foreach (var h in hours)
            {
                var key = (projectId, DayOf(h.Hour), h.Environment, h.Release);
                if (!days.TryGetValue(key, out var sketch)) days[key] = sketch = new UserSketch();
                sketch.MergeBytes(h.Sketch);
            }
            await db.UserSketchDays.Where(d => d.ProjectId == projectId && d.Day >= day && d.Day < until).ExecuteDeleteAsync(ct);
            await MergeIntoAsync(db, "analytics_user_sketch_days", "day", days.Select(kv => (kv.Key, kv.Value)), ct);
        }
    }
}
