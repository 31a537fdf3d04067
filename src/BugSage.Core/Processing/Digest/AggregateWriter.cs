using System.Text;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Writes a batch's counters with set-based upserts (the same SQL on SQLite and PostgreSQL):
/// distinct users, tag value counts, releases' first appearance, item outcomes.
/// </summary>
internal static class AggregateWriter
{
    private const int RowsPerStatement = 400;

    public static async Task CountUsersAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        var pairs = batch.Events
            .Where(e => e.Event.User?.Key is not null)
            .Select(e => (Issue: e.Issue!, Key: Truncate(e.Event.User!.Key!, 200)))
            .DistinctBy(p => (p.Issue, p.Key))
            .ToList();
        if (pairs.Count == 0) return;
        var issueIds = pairs.Select(p => p.Issue.Id).Distinct().ToList();
        var keys = pairs.Select(p => p.Key).Distinct().ToList();
        var existing = (await db.IssueUsers.AsNoTracking()
                .Where(u => issueIds.Contains(u.IssueId) && keys.Contains(u.UserKey))
                .Select(u => new { u.IssueId, u.UserKey })
                .ToListAsync(ct))
            .Select(u => (u.IssueId, u.UserKey))
            .ToHashSet();
        foreach (var (issue, key) in pairs)
        {
            if (existing.Contains((issue.Id, key))) continue;
            db.IssueUsers.Add(new IssueUser { IssueId = issue.Id, UserKey = key });
            issue.UserCount++;
        }
    }

    public static async Task UpsertTagsAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        var rows = new Dictionary<(long IssueId, string Key, string Value), (long Count, DateTime First, DateTime Last)>();
        foreach (var e in batch.Events)
        {
            foreach (var tag in e.Event.Tags)
            {
                var key = (e.Issue!.Id, Truncate(tag.Key, 200), Truncate(tag.Value, 200));
                var ts = e.Event.Timestamp;
                rows[key] = rows.TryGetValue(key, out var r)
                    ? (r.Count + 1, ts < r.First ? ts : r.First, ts > r.Last ? ts : r.Last)
                    : (1, ts, ts);
            }
        }
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder("INSERT INTO issue_tags (issue_id, key, value, count, first_seen, last_seen) VALUES ");
            var args = new List<object>(chunk.Length * 6);
            foreach (var ((issueId, key, value), (count, first, last)) in chunk)
            {
                if (args.Count > 0) sql.Append(',');
                sql.Append(Placeholders(args.Count, 6));
                args.AddRange([issueId, key, value, count, first, last]);
            }
            sql.Append(" ON CONFLICT (issue_id, key, value) DO UPDATE SET count = issue_tags.count + excluded.count, ")
               .Append("first_seen = CASE WHEN excluded.first_seen < issue_tags.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END, ")
               .Append("last_seen = CASE WHEN excluded.last_seen > issue_tags.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
    }

    public static async Task InsertReleasesAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        var releases = batch.Events
            .Where(e => e.Event.Release is not null)
            .GroupBy(e => (e.ProjectId, Version: Truncate(e.Event.Release!, 250)))
            .Select(g => (g.Key.ProjectId, g.Key.Version, FirstSeen: g.Min(e => e.Event.Timestamp)))
            .ToList();
        foreach (var chunk in releases.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder("INSERT INTO releases (project_id, version, first_seen) VALUES ");
            var args = new List<object>(chunk.Length * 3);
            foreach (var (projectId, version, firstSeen) in chunk)
            {
                if (args.Count > 0) sql.Append(',');
                sql.Append(Placeholders(args.Count, 3));
                args.AddRange([projectId, version, firstSeen]);
            }
            sql.Append(" ON CONFLICT (project_id, version) DO NOTHING");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
    }

    public static async Task UpsertOutcomesAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        foreach (var chunk in batch.Outcomes.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder("INSERT INTO item_outcomes (project_id, outcome, category, reason, quantity) VALUES ");
            var args = new List<object>(chunk.Length * 5);
            foreach (var ((projectId, outcome, category, reason), quantity) in chunk)
            {
                if (args.Count > 0) sql.Append(',');
                sql.Append(Placeholders(args.Count, 5));
                args.AddRange([projectId, outcome, category, reason, quantity]);
            }
            sql.Append(" ON CONFLICT (project_id, outcome, category, reason) DO UPDATE SET quantity = item_outcomes.quantity + excluded.quantity");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
    }

    private static string Placeholders(int start, int count) =>
        "(" + string.Join(", ", Enumerable.Range(start, count).Select(i => "{" + i + "}")) + ")";

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}
