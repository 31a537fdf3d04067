using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Data;

namespace BugSage.Core.Analytics;

/// <summary>
/// What one transaction adds to (or takes from) the rollups, summed in memory per key and written with one upsert
/// per key: a digest batch of a thousand events in one hour and release becomes one row write, not a thousand.
/// The same sums rebuild the rollups from raw data, so both paths key every fact the same way.
/// </summary>
public sealed class RollupChanges
{
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release), (long Events, long Errors)> events = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Environment, string Release, long User), long> users = [];
    private readonly Dictionary<(long Project, DateTime Hour, string Release), (long New, long Regressions, long Resolved)> issues = [];

    public IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release), (long Events, long Errors)> Events => events;
    public IReadOnlyDictionary<(long Project, DateTime Hour, string Environment, string Release, long User), long> Users => users;
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
        var key = (projectId, HourOf(timestamp), Environment(environment), Release(release));
        var error = level is "error" or "fatal" ? sign : 0;
        events[key] = events.TryGetValue(key, out var row) ? (row.Events + sign, row.Errors + error) : (sign, error);
        if (userKey is null) return;
        var userRow = (key.Item1, key.Item2, key.Item3, key.Item4, UserHash(userKey));
        users[userRow] = users.GetValueOrDefault(userRow) + sign;
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

    /// <summary>
    /// Upserts the sums inside the context's current transaction. A user whose events all went (a deleted issue)
    /// leaves the hour; the other counters may rest at zero, which reads the same as no row.
    /// </summary>
    public async Task WriteAsync(AppDbContext db, CancellationToken ct)
    {
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_event_hours (project_id, hour, environment, release, events, errors) VALUES",
            "ON CONFLICT (project_id, hour, environment, release) DO UPDATE SET events = analytics_event_hours.events + excluded.events, " +
            "errors = analytics_event_hours.errors + excluded.errors", 6,
            events.Where(kv => kv.Value != (0, 0))
                .Select(kv => new object?[] { kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release, kv.Value.Events, kv.Value.Errors }).ToList(), ct);
        var userRows = users.Where(kv => kv.Value != 0).ToList();
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_user_hours (project_id, hour, environment, release, user_hash, events) VALUES",
            "ON CONFLICT (project_id, hour, environment, release, user_hash) DO UPDATE SET events = analytics_user_hours.events + excluded.events", 6,
            userRows.Select(kv => new object?[] { kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release, kv.Key.User, kv.Value }).ToList(), ct);
        await BulkUpsert.EachRowAsync(db,
            "DELETE FROM analytics_user_hours WHERE project_id = @p0 AND hour = @p1 AND environment = @p2 AND release = @p3 AND user_hash = @p4 AND events <= 0", 5,
            userRows.Where(kv => kv.Value < 0)
                .Select(kv => new object?[] { kv.Key.Project, kv.Key.Hour, kv.Key.Environment, kv.Key.Release, kv.Key.User }).ToList(), ct);
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_issue_hours (project_id, hour, release, new_issues, regressions, resolved) VALUES",
            "ON CONFLICT (project_id, hour, release) DO UPDATE SET new_issues = analytics_issue_hours.new_issues + excluded.new_issues, " +
            "regressions = analytics_issue_hours.regressions + excluded.regressions, resolved = analytics_issue_hours.resolved + excluded.resolved", 6,
            issues.Where(kv => kv.Value != (0, 0, 0))
                .Select(kv => new object?[] { kv.Key.Project, kv.Key.Hour, kv.Key.Release, kv.Value.New, kv.Value.Regressions, kv.Value.Resolved }).ToList(), ct);
    }
}
