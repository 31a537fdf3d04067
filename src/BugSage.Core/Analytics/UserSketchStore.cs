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

    private sealed record Table(string Name, string Time, bool ByDimension, string Column = "sketch")
    {
        public static readonly Table Hours = new("analytics_user_sketch_hours", "hour", true);
        public static readonly Table Days = new("analytics_user_sketch_days", "day", true);

        /// <summary>Every environment and release of a project's hour together (<see cref="ProjectUserSketchHour"/>).</summary>
        public static readonly Table ProjectHours = new("analytics_project_user_sketch_hours", "hour", false);

        /// <summary>Every environment and release of a project's day together (<see cref="ProjectUserSketchDay"/>).</summary>
        public static readonly Table ProjectDays = new("analytics_project_user_sketch_days", "day", false);

        /// <summary>Release health's users: every user with a session, and those whose session crashed (two columns of one row).</summary>
        public static Table SessionUsers(string time, bool crashed) =>
            new(time == "hour" ? "analytics_session_user_hours" : "analytics_session_user_days", time, true, crashed ? "crashed_sketch" : "sketch");

        public string[] Keys => ByDimension ? ["project_id", Time, "environment", "release"] : ["project_id", Time];
    }

    private static Dictionary<(long Project, DateTime At, string Environment, string Release), UserSketch> Fold(
        IEnumerable<((long Project, DateTime At, string Environment, string Release) Key, byte[]? Stored, UserSketch? Sketch)> rows, Func<DateTime, DateTime> at, bool byDimension)
    {
        var folded = new Dictionary<(long, DateTime, string, string), UserSketch>();
        foreach (var (key, stored, sketch) in rows)
        {
            var into = (key.Project, at(key.At), byDimension ? key.Environment : "", byDimension ? key.Release : "");
            if (!folded.TryGetValue(into, out var merged)) folded[into] = merged = new UserSketch();
            if (sketch is not null) merged.Merge(sketch);
            else merged.MergeBytes(stored);
        }
        return folded;
    }

    /// <summary>Merges a batch's sketches (one per hour key) into the hourly, daily, project-hour and project-day rows.</summary>
    public static async Task MergeAsync(AppDbContext db, IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> hours, CancellationToken ct)
    {
        if (hours.Count == 0) return;
        var rows = hours.Select(kv => (kv.Key, (byte[]?)null, (UserSketch?)kv.Value)).ToList();
        var days = Fold(rows, DayOf, byDimension: true);
        var projectHours = Fold(rows, hour => hour, byDimension: false);
        var projectDays = Fold(rows, DayOf, byDimension: false);
        // Tables in one order (hours, days, project hours, project days) as the start-up merge takes them too. A recount
        // after an issue delete goes hour by hour instead, so it and a digest can still deadlock on PostgreSQL (one is
        // aborted; the digest retries its batch one record at a time).
        await MergeIntoAsync(db, Table.Hours, hours.Select(kv => (kv.Key, kv.Value)), ct);
        await MergeIntoAsync(db, Table.Days, days.Select(kv => (kv.Key, kv.Value)), ct);
        await MergeIntoAsync(db, Table.ProjectHours, projectHours.Select(kv => (kv.Key, kv.Value)), ct);
        await MergeIntoAsync(db, Table.ProjectDays, projectDays.Select(kv => (kv.Key, kv.Value)), ct);
    }

    /// <summary>Merges a batch's session users (or crashed users) into their hourly and daily rows.</summary>
    public static async Task MergeSessionUsersAsync(AppDbContext db, IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> hours,
        bool crashed, CancellationToken ct)
    {
        if (hours.Count == 0) return;
        var days = Fold(hours.Select(kv => (kv.Key, (byte[]?)null, (UserSketch?)kv.Value)).ToList(), DayOf, byDimension: true);
        await MergeIntoAsync(db, Table.SessionUsers("hour", crashed), hours.Select(kv => (kv.Key, kv.Value)), ct);
        await MergeIntoAsync(db, Table.SessionUsers("day", crashed), days.Select(kv => (kv.Key, kv.Value)), ct);
    }

    /// <summary>
    /// Merges each sketch into its stored row. Keys must be distinct: two rows of one key would each merge into what was
    /// read and the second write would drop the first's users.
    /// </summary>
    private static async Task MergeIntoAsync(AppDbContext db, Table table,
        IEnumerable<((long Project, DateTime At, string Environment, string Release) Key, UserSketch Sketch)> rows, CancellationToken ct)
    {
        var ordered = rows.OrderBy(r => r.Key.Project).ThenBy(r => r.Key.At).ThenBy(r => r.Key.Environment, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Release, StringComparer.Ordinal).ToList();
        object?[] KeyOf((long Project, DateTime At, string Environment, string Release) key) =>
            table.ByDimension ? [key.Project, key.At, key.Environment, key.Release] : [key.Project, key.At];
        var keys = table.Keys;
        var columns = string.Join(", ", keys);
        // Table and column names come from this class, never from input; the keys travel as parameters.
        // A row new to this write gets an empty sketch here; a table with two sketch columns gives the other its default (empty).
        await BulkUpsert.ExecuteAsync(db, $"INSERT INTO {table.Name} ({columns}, {table.Column}) VALUES", $"ON CONFLICT ({columns}) DO NOTHING", keys.Length + 1,
            ordered.Select(r => (object?[])[.. KeyOf(r.Key), Array.Empty<byte>()]).ToList(), ct);
        var lockRows = db.Database.IsNpgsql() ? " FOR UPDATE" : "";
        var merged = new List<object?[]>(ordered.Count);
        await using var read = db.Database.GetDbConnection().CreateCommand();
        read.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        read.CommandText = $"SELECT {table.Column} FROM {table.Name} WHERE {string.Join(" AND ", keys.Select((k, i) => $"{k} = @p{i}"))}{lockRows}";
        for (var i = 0; i < keys.Length; i++)
        {
            var parameter = read.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            read.Parameters.Add(parameter);
        }
        foreach (var (key, sketch) in ordered)
        {
            var values = KeyOf(key);
            for (var i = 0; i < values.Length; i++) read.Parameters[i].Value = values[i];
            var stored = await read.ExecuteScalarAsync(ct) as byte[];
            sketch.MergeBytes(stored);
            var bytes = sketch.ToBytes();
            // Nothing new (a start merging hours it merged before, a batch of users already counted): no write.
            if (stored is not null && bytes.AsSpan().SequenceEqual(stored)) continue;
            merged.Add([bytes, .. values]);
        }
        await BulkUpsert.EachRowAsync(db, $"UPDATE {table.Name} SET {table.Column} = @p0 WHERE {string.Join(" AND ", keys.Select((k, i) => $"{k} = @p{i + 1}"))}",
            keys.Length + 1, merged, ct);
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
        await MergeIntoAsync(db, Table.Hours, folded.Select(kv => ((kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release), kv.Value)), ct);
        await RecountMergedAsync(db, projectId, DayOf(from), to, ct);
    }

    /// <summary>
    /// Each day from <paramref name="firstDay"/> up to <paramref name="to"/> becomes its hours merged, and so do each
    /// project hour and project day (every environment and release) in those days.
    /// </summary>
    public static async Task RecountMergedAsync(AppDbContext db, long projectId, DateTime firstDay, DateTime to, CancellationToken ct)
    {
        var end = DayOf(to) < to ? DayOf(to).AddDays(1) : DayOf(to);
        for (var day = firstDay; day < end; day = day.AddDays(30))
        {
            var until = day.AddDays(30) < end ? day.AddDays(30) : end;
            var hours = (await db.UserSketchHours.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hour >= day && h.Hour < until)
                .Select(h => new { h.Hour, h.Environment, h.Release, h.Sketch }).ToListAsync(ct))
                .Select(h => ((projectId, h.Hour, h.Environment, h.Release), (byte[]?)h.Sketch, (UserSketch?)null)).ToList();
            await db.UserSketchDays.Where(d => d.ProjectId == projectId && d.Day >= day && d.Day < until).ExecuteDeleteAsync(ct);
            await MergeIntoAsync(db, Table.Days, Fold(hours, DayOf, byDimension: true).Select(kv => (kv.Key, kv.Value)), ct);
            await db.ProjectUserSketchHours.Where(h => h.ProjectId == projectId && h.Hour >= day && h.Hour < until).ExecuteDeleteAsync(ct);
            await MergeIntoAsync(db, Table.ProjectHours, Fold(hours, hour => hour, byDimension: false).Select(kv => (kv.Key, kv.Value)), ct);
            await db.ProjectUserSketchDays.Where(d => d.ProjectId == projectId && d.Day >= day && d.Day < until).ExecuteDeleteAsync(ct);
            await MergeIntoAsync(db, Table.ProjectDays, Fold(hours, DayOf, byDimension: false).Select(kv => (kv.Key, kv.Value)), ct);
        }
    }

    /// <summary>
    /// Merges stored hourly sketches (from <paramref name="hoursSince"/>, or all of them) into their project hours, and
    /// stored daily sketches (from <paramref name="daysSince"/>, or all) into their project days: for a database whose project
    /// rows were added after its hours and days (<see cref="Data.Migrations.M0053_ProjectHourRollups"/>,
    /// <see cref="Data.Migrations.M0055_ProjectDayUsers"/>), and for rows a node of a version before wrote during a rolling
    /// upgrade. Merging is idempotent, so running it again, or while a digest merges the same hours, changes nothing.
    /// Project hours before project days, projects in id order, times in order, as every merge locks them.
    /// </summary>
    public static async Task MergeProjectSketchesAsync(AppDbContext db, DateTime? hoursSince, DateTime? daysSince, CancellationToken ct)
    {
        var hours = hoursSince is { } h ? db.UserSketchHours.Where(x => x.Hour >= h) : db.UserSketchHours;
        await MergeIntoProjectRowsAsync(db, Table.ProjectHours, hours.Select(x => new StoredSketch { ProjectId = x.ProjectId, At = x.Hour, Sketch = x.Sketch }), ct);
        var days = daysSince is { } d ? db.UserSketchDays.Where(x => x.Day >= DayOf(d)) : db.UserSketchDays;
        await MergeIntoProjectRowsAsync(db, Table.ProjectDays, days.Select(x => new StoredSketch { ProjectId = x.ProjectId, At = x.Day, Sketch = x.Sketch }), ct);
    }

    private sealed class StoredSketch
    {
        public long ProjectId { get; init; }
        public DateTime At { get; init; }
        public byte[] Sketch { get; init; } = [];
    }

    /// <summary>Each project's stored sketches, 30 days at a time, merged by time into one row per project and time.</summary>
    private static async Task MergeIntoProjectRowsAsync(AppDbContext db, Table table, IQueryable<StoredSketch> stored, CancellationToken ct)
    {
        foreach (var projectId in await stored.Select(s => s.ProjectId).Distinct().OrderBy(p => p).ToListAsync(ct))
        {
            var first = await stored.Where(s => s.ProjectId == projectId).MinAsync(s => s.At, ct);
            var last = await stored.Where(s => s.ProjectId == projectId).MaxAsync(s => s.At, ct);
            for (var at = first; at <= last; at = at.AddDays(30))
            {
                var until = at.AddDays(30);
                var rows = (await stored.Where(s => s.ProjectId == projectId && s.At >= at && s.At < until).Select(s => new { s.At, s.Sketch }).ToListAsync(ct))
                    .Select(s => ((projectId, s.At, "", ""), (byte[]?)s.Sketch, (UserSketch?)null)).ToList();
                await MergeIntoAsync(db, table, Fold(rows, time => time, byDimension: false).Select(kv => (kv.Key, kv.Value)), ct);
            }
        }
    }
}
