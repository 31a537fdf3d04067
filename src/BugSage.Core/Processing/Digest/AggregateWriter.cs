using BugSage.Core.Data;
using BugSage.Core.Events;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Writes counters with upserts (the same SQL on SQLite and PostgreSQL): distinct users, tag
/// value counts and hourly counts per issue, releases' first appearance, item outcomes. The
/// per-issue ones take (issue, event) pairs, so a digest batch and an unmerge share them.
/// </summary>
internal static class AggregateWriter
{
    public static IEnumerable<(long IssueId, NormalizedEvent Event)> Pairs(DigestBatch batch) =>
        batch.Events.Select(e => (e.Issue!.Id, e.Event));

    /// <summary>Records each distinct (issue, user) once; returns how many users are new to each issue.</summary>
    public static async Task<Dictionary<long, long>> CountUsersAsync(AppDbContext db, IEnumerable<(long IssueId, NormalizedEvent Event)> events, CancellationToken ct)
    {
        var pairs = events
            .Where(e => e.Event.User?.Key is not null)
            .Select(e => (e.IssueId, Key: e.Event.User!.Key!.Truncate(200)))
            .Distinct()
            .ToList();
        var inserted = await BulkUpsert.EachRowAsync(db,
            "INSERT INTO issue_users (issue_id, user_key) VALUES (@p0, @p1) ON CONFLICT (issue_id, user_key) DO NOTHING",
            2, pairs.Select(p => new object?[] { p.IssueId, p.Key }).ToList(), ct);
        var newUsers = new Dictionary<long, long>();
        for (var i = 0; i < pairs.Count; i++)
            if (inserted[i] > 0) newUsers[pairs[i].IssueId] = newUsers.GetValueOrDefault(pairs[i].IssueId) + 1;
        return newUsers;
    }

    public static async Task UpsertTagsAsync(AppDbContext db, IEnumerable<(long IssueId, NormalizedEvent Event)> events, CancellationToken ct)
    {
        var rows = new Dictionary<(long IssueId, string Key, string Value), (long Count, DateTime First, DateTime Last)>();
        foreach (var e in events)
        {
            foreach (var tag in e.Event.Tags)
            {
                var key = (e.IssueId, tag.Key.Truncate(200), tag.Value.Truncate(200));
                var ts = e.Event.Timestamp;
                rows[key] = rows.TryGetValue(key, out var r)
                    ? (r.Count + 1, ts < r.First ? ts : r.First, ts > r.Last ? ts : r.Last)
                    : (1, ts, ts);
            }
        }
        await BulkUpsert.ExecuteAsync(db,
            "INSERT INTO issue_tags (issue_id, key, value, count, first_seen, last_seen) VALUES",
            "ON CONFLICT (issue_id, key, value) DO UPDATE SET count = issue_tags.count + excluded.count, " +
            "first_seen = CASE WHEN excluded.first_seen < issue_tags.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END, " +
            "last_seen = CASE WHEN excluded.last_seen > issue_tags.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END",
            6, rows.Select(kv => new object?[] { kv.Key.IssueId, kv.Key.Key, kv.Key.Value, kv.Value.Count, kv.Value.First, kv.Value.Last }).ToList(), ct);
    }

    /// <summary>Counts events per issue and hour (by event time).</summary>
    public static async Task CountHoursAsync(AppDbContext db, IEnumerable<(long IssueId, NormalizedEvent Event)> events, CancellationToken ct)
    {
        var rows = events
            .GroupBy(e => (e.IssueId, Hour: new DateTime(e.Event.Timestamp.Ticks - e.Event.Timestamp.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc)))
            .Select(g => new object?[] { g.Key.IssueId, g.Key.Hour, (long)g.Count() })
            .ToList();
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO issue_hourly_counts (issue_id, hour, count) VALUES",
            "ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly_counts.count + excluded.count", 3, rows, ct);
    }

    public static async Task InsertReleasesAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        var releases = batch.Events
            .Where(e => e.Event.Release is not null)
            .GroupBy(e => (e.ProjectId, Version: e.Event.Release!.Truncate(250)))
            .Select(g => new object?[] { g.Key.ProjectId, g.Key.Version, g.Min(e => e.Event.Timestamp) })
            .ToList();
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO releases (project_id, version, first_seen) VALUES",
            "ON CONFLICT (project_id, version) DO NOTHING", 3, releases, ct);
    }

    public static async Task UpsertOutcomesAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        var rows = batch.Outcomes.Select(kv => new object?[] { kv.Key.ProjectId, kv.Key.Outcome, kv.Key.Category, kv.Key.Reason, kv.Value }).ToList();
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO item_outcomes (project_id, outcome, category, reason, quantity) VALUES",
            "ON CONFLICT (project_id, outcome, category, reason) DO UPDATE SET quantity = item_outcomes.quantity + excluded.quantity", 5, rows, ct);
    }
}
