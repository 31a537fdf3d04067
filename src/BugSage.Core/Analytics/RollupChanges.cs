using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analytics;

/// <summary>
/// What one transaction adds to (or takes from) the rollups, summed in memory per key and written with one upsert
/// per key: a digest batch of a thousand events in one hour and release becomes one row write, not a thousand.
/// The same sums rebuild the rollups from raw data, so both paths key every fact the same way.
/// </summary>
public sealed class RollupChanges
{
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), (long Events, long Errors)> events = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> users = [];
    private readonly HashSet<(long Project, DateTime Hour)> usersToRecount = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Release), (long New, long Regressions, long Resolved)> issues = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), (long Sessions, long Crashed, long Abnormal, long Errored)> sessions = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> sessionUsers = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> crashedUsers = [];

    public IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), (long Events, long Errors)> Events => events;
    /// <summary>The users each hour key gained, merged in memory first: one sketch write per key per batch.</summary>
    public IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> Users => users;

    /// <summary>Hours that lost events: a sketch cannot forget a user, so these are recounted from the events that remain.</summary>
    public IReadOnlyCollection<(long Project, DateTime Hour)> UsersToRecount => usersToRecount;
    public IReadOnlyDictionary<(long Project, DateTime Hour, string Release), (long New, long Regressions, long Resolved)> Issues => issues;

    public static DateTime HourOf(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    /// <summary>The user's 64-bit hash as the rollups keep it (the key as the events table stores it, at most 200 characters).</summary>
    public static long UserHash(string userKey) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(userKey.Truncate(200))), 0);

    private static string Environment(string? environment) => (environment ?? "").Truncate(64);
    private static string Release(string? release) => (release ?? "").Truncate(250);

    /// <summary>One stored event (<paramref name="sign"/> −1: one deleted).</summary>
    public void AddEvent(long projectId, DateTime timestamp, string? environment, string? release, string level, string? userKey, int sign = 1)
    {
        var key = KeyOf(projectId, timestamp, environment, release);
        var error = level is "error" or "fatal" ? sign : 0;
        events[key] = events.TryGetValue(key, out var row) ? (row.Events + sign, row.Errors + error) : (sign, error);
        if (userKey is null) return;
        if (sign < 0)
        {
            usersToRecount.Add((projectId, key.Hour));
            return;
        }
        if (!users.TryGetValue(key, out var sketch)) users[key] = sketch = new UserSketch();
        sketch.Add(UserHash(userKey));
    }

    /// <summary>The most (hour, environment, release) keys whose session users one batch keeps (8 MiB of sketches at most).</summary>
    public const int MaxSessionUserKeys = 1_000;

    /// <summary>Sessions started in an hour (release health), and the user behind them when the SDK named one.</summary>
    public void AddSessions(long projectId, DateTime started, string? environment, string? release,
        (long Sessions, long Crashed, long Abnormal, long Errored) counts, string? distinctId, bool userCrashed)
    {
        var key = KeyOf(projectId, started, environment, release);
        var row = sessions.GetValueOrDefault(key);
        sessions[key] = (row.Sessions + counts.Sessions, row.Crashed + counts.Crashed, row.Abnormal + counts.Abnormal, row.Errored + counts.Errored);
        if (distinctId is null) return;
        var user = UserHash(distinctId);
        // Each key's users take two 4 KiB sketches before the caps fold environments and releases, so a hostile batch of
        // items each naming a new release could take gigabytes; past this many keys, a batch counts sessions but not users.
        if (!sessionUsers.ContainsKey(key) && sessionUsers.Count >= MaxSessionUserKeys) return;
        if (!sessionUsers.TryGetValue(key, out var all)) sessionUsers[key] = all = new UserSketch();
        all.Add(user);
        if (!userCrashed) return;
        if (!crashedUsers.TryGetValue(key, out var crashed)) crashedUsers[key] = crashed = new UserSketch();
        crashed.Add(user);
    }

    /// <summary>The event rollups' key of an event: its hour, environment and release as stored.</summary>
    public static (long Project, DateTime Hour, string Environment, string Release) KeyOf(long projectId, DateTime timestamp, string? environment, string? release) =>
        (projectId, HourOf(timestamp), Environment(environment), Release(release));

    /// <summary>The environments and releases named by the hour keys, as <see cref="RollupDimensions.AdmitAsync"/> takes them.</summary>
    internal static IEnumerable<(long Project, string Kind, string Value)> DimensionsOf(IEnumerable<(long Project, DateTime Hour, string Environment, string Release)> keys) =>
        keys.SelectMany(k => new[] { (k.Project, RollupDimensions.Environment, k.Environment), (k.Project, RollupDimensions.Release, k.Release) });

    /// <summary>The sketches re-keyed by admitted names; keys that fold into one row have their sketches merged.</summary>
    internal static Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch> FoldSketches(
        IEnumerable<KeyValuePair<(long Project, DateTime Hour, string Environment, string Release), UserSketch>> sketches, Func<long, string, string, string> admitted)
    {
        var rows = new Dictionary<(long Project, DateTime Hour, string Environment, string Release), UserSketch>();
        foreach (var (key, sketch) in sketches)
        {
            var folded = (key.Project, key.Hour, admitted(key.Project, RollupDimensions.Environment, key.Environment), admitted(key.Project, RollupDimensions.Release, key.Release));
            if (rows.TryGetValue(folded, out var merged)) merged.Merge(sketch);
            else rows[folded] = sketch;
        }
        return rows;
    }

    /// <summary>An issue first seen at <paramref name="firstSeen"/> in <paramref name="firstRelease"/> (−1: one that no longer is).</summary>
    public void AddNewIssue(long projectId, DateTime firstSeen, string? firstRelease, int sign = 1) =>
        AddIssueFact(projectId, firstSeen, firstRelease, (sign, 0, 0));

    public void AddRegression(long projectId, DateTime at, string? release, int sign = 1) =>
        AddIssueFact(projectId, at, release, (0, sign, 0));

    public void AddResolution(long projectId, DateTime at, int sign = 1) =>
        AddIssueFact(projectId, at, null, (0, 0, sign));

    private void AddIssueFact(long projectId, DateTime at, string? release, (long New, long Regressions, long Resolved) change)
    {
        var key = (projectId, HourOf(at), Release(release));
        var row = issues.GetValueOrDefault(key);
        issues[key] = (row.New + change.New, row.Regressions + change.Regressions, row.Resolved + change.Resolved);
    }

    /// <summary>Drops issue lifecycle sums outside [from, to): a rebuild recounts only the hours it was asked for.</summary>
    public void KeepIssueHours(DateTime from, DateTime to)
    {
        foreach (var key in issues.Keys.Where(k => k.Hour < from || k.Hour >= to).ToList()) issues.Remove(key);
    }

    /// <summary>
    /// Upserts the sums and merges the user sketches inside the context's current transaction; counters may rest at
    /// zero, which reads the same as no row. <see cref="UsersToRecount"/> is left to the caller, once the events are gone.
    /// </summary>
    public async Task WriteAsync(AppDbContext db, RollupDimensions dimensions, CancellationToken ct)
    {
        // Environments and releases past the project's caps share one "(other)" row per hour.
        var admitted = await dimensions.AdmitAsync(db,
            DimensionsOf(events.Keys).Concat(DimensionsOf(sessions.Keys)).Concat(issues.Keys.Select(k => (k.Project, RollupDimensions.Release, k.Release))), ct);
        (long, DateTime, string, string) Fold((long Project, DateTime Hour, string Environment, string Release) k) =>
            (k.Project, k.Hour, admitted(k.Project, RollupDimensions.Environment, k.Environment), admitted(k.Project, RollupDimensions.Release, k.Release));
        var eventRows = events.GroupBy(kv => Fold(kv.Key))
            .ToDictionary(g => g.Key, g => (Events: g.Sum(kv => kv.Value.Events), Errors: g.Sum(kv => kv.Value.Errors)));
        var userRows = FoldSketches(users, admitted);
        var issueRows = issues.GroupBy(kv => (kv.Key.Project, kv.Key.Hour, admitted(kv.Key.Project, RollupDimensions.Release, kv.Key.Release)))
            .ToDictionary(g => g.Key, g => (New: g.Sum(kv => kv.Value.New), Regressions: g.Sum(kv => kv.Value.Regressions), Resolved: g.Sum(kv => kv.Value.Resolved)));

        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_event_hours (project_id, hour, environment, release, events, errors) VALUES",
            "ON CONFLICT (project_id, hour, environment, release) DO UPDATE SET events = analytics_event_hours.events + excluded.events, " +
            "errors = analytics_event_hours.errors + excluded.errors", 6,
            eventRows.Where(kv => kv.Value != (0, 0)).OrderBy(kv => kv.Key, KeyOrder.Instance)
                .Select(kv => new object?[] { kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value.Events, kv.Value.Errors }).ToList(), ct);
        await UserSketchStore.MergeAsync(db, userRows, ct);
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_issue_hours (project_id, hour, release, new_issues, regressions, resolved) VALUES",
            "ON CONFLICT (project_id, hour, release) DO UPDATE SET new_issues = analytics_issue_hours.new_issues + excluded.new_issues, " +
            "regressions = analytics_issue_hours.regressions + excluded.regressions, resolved = analytics_issue_hours.resolved + excluded.resolved", 6,
            issueRows.Where(kv => kv.Value != (0, 0, 0)).OrderBy(kv => (kv.Key.Project, kv.Key.Hour, kv.Key.Item3, ""), KeyOrder.Instance)
                .Select(kv => new object?[] { kv.Key.Project, kv.Key.Hour, kv.Key.Item3, kv.Value.New, kv.Value.Regressions, kv.Value.Resolved }).ToList(), ct);
        await WriteSessionsAsync(db, Fold, admitted, ct);
    }

    private async Task WriteSessionsAsync(AppDbContext db, Func<(long Project, DateTime Hour, string Environment, string Release), (long, DateTime, string, string)> fold,
        Func<long, string, string, string> admitted, CancellationToken ct)
    {
        if (sessions.Count == 0) return;
        var rows = sessions.GroupBy(kv => fold(kv.Key)).ToDictionary(g => g.Key,
            g => (Sessions: g.Sum(kv => kv.Value.Sessions), Crashed: g.Sum(kv => kv.Value.Crashed), Abnormal: g.Sum(kv => kv.Value.Abnormal), Errored: g.Sum(kv => kv.Value.Errored)));
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_session_hours (project_id, hour, environment, release, sessions, crashed, abnormal, errored) VALUES",
            "ON CONFLICT (project_id, hour, environment, release) DO UPDATE SET sessions = analytics_session_hours.sessions + excluded.sessions, " +
            "crashed = analytics_session_hours.crashed + excluded.crashed, abnormal = analytics_session_hours.abnormal + excluded.abnormal, " +
            "errored = analytics_session_hours.errored + excluded.errored", 8,
            rows.Where(kv => kv.Value != (0, 0, 0, 0)).OrderBy(kv => kv.Key, KeyOrder.Instance).Select(kv => new object?[]
                { kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value.Sessions, kv.Value.Crashed, kv.Value.Abnormal, kv.Value.Errored }).ToList(), ct);
        await UserSketchStore.MergeSessionUsersAsync(db, FoldSketches(sessionUsers, admitted), crashed: false, ct);
        await UserSketchStore.MergeSessionUsersAsync(db, FoldSketches(crashedUsers, admitted), crashed: true, ct);
    }

    /// <summary>
    /// Rows are upserted in one key order (any order will do, so long as every writer uses it), so two transactions
    /// upserting overlapping hours never lock them in opposite orders.
    /// </summary>
    private sealed class KeyOrder : IComparer<(long, DateTime, string, string)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((long, DateTime, string, string) a, (long, DateTime, string, string) b)
        {
            var c = a.Item1.CompareTo(b.Item1);
            if (c == 0) c = a.Item2.CompareTo(b.Item2);
            if (c == 0) c = string.CompareOrdinal(a.Item3, b.Item3);
            return c != 0 ? c : string.CompareOrdinal(a.Item4, b.Item4);
        }
    }
}
