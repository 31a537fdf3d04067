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

    /// <summary>A sketch table: its time (hour or day) and which of environment and release its rows keep apart.</summary>
    private sealed record Table(string Name, string Time, bool ByEnvironment, bool ByRelease, string Column = "sketch")
    {
        public static readonly Table Hours = new("analytics_user_sketch_hours", "hour", true, true);
        public static readonly Table Days = new("analytics_user_sketch_days", "day", true, true);

        /// <summary>Every environment and release of a project's hour together (<see cref="ProjectUserSketchHour"/>).</summary>
        public static readonly Table ProjectHours = new("analytics_project_user_sketch_hours", "hour", false, false);

        /// <summary>Every environment and release of a project's day together (<see cref="ProjectUserSketchDay"/>).</summary>
        public static readonly Table ProjectDays = new("analytics_project_user_sketch_days", "day", false, false);

        /// <summary>Every release of one environment's hour together (<see cref="EnvironmentUserSketchHour"/>).</summary>
        public static readonly Table EnvironmentHours = new("analytics_environment_user_sketch_hours", "hour", true, false);

        /// <summary>Every release of one environment's day together (<see cref="EnvironmentUserSketchDay"/>).</summary>
        public static readonly Table EnvironmentDays = new("analytics_environment_user_sketch_days", "day", true, false);

        /// <summary>Release health's users: every user with a session, and those whose session crashed (two columns of one row).</summary>
        public static Table SessionUsers(string time, bool crashed) =>
            new(time == "hour" ? "analytics_session_user_hours" : "analytics_session_user_days", time, true, true, crashed ? "crashed_sketch" : "sketch");

        public string[] Keys => ["project_id", Time, .. ByEnvironment ? new[] { "environment" } : [], .. ByRelease ? new[] { "release" } : []];

        /// <summary>The row of this table a sketch of <paramref name="key"/> (an hour's or a day's) merges into.</summary>
        public (long Project, DateTime At, string Environment, string Release) RowOf((long Project, DateTime At, string Environment, string Release) key) =>
            (key.Project, Time == "day" ? DayOf(key.At) : key.At, ByEnvironment ? key.Environment : "", ByRelease ? key.Release : "");

        public object?[] KeyOf((long Project, DateTime At, string Environment, string Release) row) =>
            [row.Project, row.At, .. ByEnvironment ? new object?[] { row.Environment } : [], .. ByRelease ? new object?[] { row.Release } : []];
    }

    /// <summary>Sketches (built or stored) merged into one per row of <paramref name="into"/>.</summary>
    private static Dictionary<(long Project, DateTime At, string Environment, string Release), UserSketch> Fold(
        IEnumerable<((long Project, DateTime At, string Environment, string Release) Key, byte[]? Stored, UserSketch? Sketch)> rows, Table into)
    {
        var folded = new Dictionary<(long, DateTime, string, string), UserSketch>();
        foreach (var (key, stored, sketch) in rows)
        {
            var row = into.RowOf(key);
            if (!folded.TryGetValue(row, out var merged)) folded[row] = merged = new UserSketch();
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
        // Tables in one order (hours, then Merged's) as the start-up merge and the recount take them too. A recount after
        // an issue delete goes hour by hour instead, so it and a digest can still deadlock on PostgreSQL (one is aborted;
        // the digest retries its batch one record at a time). Folded before the hours merge, which merges each stored hour
        // into the batch's own sketch.
        var folds = Merged.Select(table => (table, Fold(rows, table))).ToList();
        await MergeIntoAsync(db, Table.Hours, hours.Select(kv => (kv.Key, kv.Value)), ct);
        foreach (var (table, folded) in folds)
            await MergeIntoAsync(db, table, folded.Select(kv => (kv.Key, kv.Value)), ct);
    }

    /// <summary>The tables each merged from the hourly sketches, in the order every merge takes them.</summary>
    private static readonly Table[] Merged = [Table.Days, Table.ProjectHours, Table.ProjectDays, Table.EnvironmentHours, Table.EnvironmentDays];

    /// <summary>Merges a batch's session users (or crashed users) into their hourly and daily rows.</summary>
    public static async Task MergeSessionUsersAsync(AppDbContext db, IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> hours,
        bool crashed, CancellationToken ct)
    {
        if (hours.Count == 0) return;
        // Folded before the hours merge, as in MergeAsync.
        var days = Fold(hours.Select(kv => (kv.Key, (byte[]?)null, (UserSketch?)kv.Value)).ToList(), Table.SessionUsers("day", crashed));
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
        var keys = table.Keys;
        var columns = string.Join(", ", keys);
        // Table and column names come from this class, never from input; the keys travel as parameters.
        // A row new to this write gets an empty sketch here; a table with two sketch columns gives the other its default (empty).
        await BulkUpsert.ExecuteAsync(db, $"INSERT INTO {table.Name} ({columns}, {table.Column}) VALUES", $"ON CONFLICT ({columns}) DO NOTHING", keys.Length + 1,
            ordered.Select(r => (object?[])[.. table.KeyOf(r.Key), Array.Empty<byte>()]).ToList(), ct);
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
            var values = table.KeyOf(key);
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
            await db.ProjectUserSketchHours.Where(h => h.ProjectId == projectId && h.Hour >= day && h.Hour < until).ExecuteDeleteAsync(ct);
            await db.ProjectUserSketchDays.Where(d => d.ProjectId == projectId && d.Day >= day && d.Day < until).ExecuteDeleteAsync(ct);
            await db.EnvironmentUserSketchHours.Where(h => h.ProjectId == projectId && h.Hour >= day && h.Hour < until).ExecuteDeleteAsync(ct);
            await db.EnvironmentUserSketchDays.Where(d => d.ProjectId == projectId && d.Day >= day && d.Day < until).ExecuteDeleteAsync(ct);
            foreach (var table in Merged)
                await MergeIntoAsync(db, table, Fold(hours, table).Select(kv => (kv.Key, kv.Value)), ct);
        }
    }

    /// <summary>
    /// Merges stored hourly sketches into their project and environment hours, and stored daily sketches into their project
    /// and environment days: for a database whose merged rows were added after its hours and days
    /// (<see cref="Data.Migrations.M0053_ProjectHourRollups"/>, <see cref="Data.Migrations.M0055_ProjectDayUsers"/>,
    /// <see cref="Data.Migrations.M0059_EnvironmentUsers"/>), and for rows a node of a version before wrote during a
    /// rolling upgrade. A merged table that is empty while its source is not gets every stored sketch (a start that
    /// stopped half way left it empty: it ran in one transaction); any other only those from <paramref name="since"/>.
    /// Merging is idempotent, so running it again, or while a digest merges the same hours, changes nothing. Tables,
    /// projects and times in the order every merge locks them.
    /// </summary>
    public static async Task MergeStoredSketchesAsync(AppDbContext db, DateTime since, CancellationToken ct)
    {
        // Each table's state is read before any is merged into; tables in the order every merge takes them.
        var filled = new[]
        {
            (Table.ProjectHours, await db.ProjectUserSketchHours.AnyAsync(ct)), (Table.ProjectDays, await db.ProjectUserSketchDays.AnyAsync(ct)),
            (Table.EnvironmentHours, await db.EnvironmentUserSketchHours.AnyAsync(ct)), (Table.EnvironmentDays, await db.EnvironmentUserSketchDays.AnyAsync(ct)),
        };
        foreach (var (table, any) in filled)
        {
            var stored = table.Time == "hour"
                ? (any ? db.UserSketchHours.Where(x => x.Hour >= since) : db.UserSketchHours)
                    .Select(x => new StoredSketch { ProjectId = x.ProjectId, At = x.Hour, Environment = x.Environment, Sketch = x.Sketch })
                : (any ? db.UserSketchDays.Where(x => x.Day >= DayOf(since)) : db.UserSketchDays)
                    .Select(x => new StoredSketch { ProjectId = x.ProjectId, At = x.Day, Environment = x.Environment, Sketch = x.Sketch });
            await MergeStoredAsync(db, table, stored, ct);
        }
    }

    private sealed class StoredSketch
    {
        public long ProjectId { get; init; }
        public DateTime At { get; init; }
        public string Environment { get; init; } = "";
        public byte[] Sketch { get; init; } = [];
    }

    /// <summary>Each project's stored sketches, 30 days at a time, merged into the rows of <paramref name="table"/>.</summary>
    private static async Task MergeStoredAsync(AppDbContext db, Table table, IQueryable<StoredSketch> stored, CancellationToken ct)
    {
        foreach (var projectId in await stored.Select(s => s.ProjectId).Distinct().OrderBy(p => p).ToListAsync(ct))
        {
            var first = await stored.Where(s => s.ProjectId == projectId).MinAsync(s => s.At, ct);
            var last = await stored.Where(s => s.ProjectId == projectId).MaxAsync(s => s.At, ct);
            for (var at = first; at <= last; at = at.AddDays(30))
            {
                var until = at.AddDays(30);
                var rows = (await stored.Where(s => s.ProjectId == projectId && s.At >= at && s.At < until).Select(s => new { s.At, s.Environment, s.Sketch }).ToListAsync(ct))
                    .Select(s => ((projectId, s.At, s.Environment, ""), (byte[]?)s.Sketch, (UserSketch?)null)).ToList();
                await MergeIntoAsync(db, table, Fold(rows, table).Select(kv => (kv.Key, kv.Value)), ct);
            }
        }
    }
}
