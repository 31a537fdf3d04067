using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Issues;

/// <summary>Reads about one issue that several operations share; callers have passed the access gate.</summary>
internal static class IssueInsightQueries
{
    /// <summary>The fingerprints an issue holds and what each was made of.</summary>
    public static async Task<List<GroupingDto>> GroupingOfAsync(AppDbContext db, long issueId, CancellationToken ct)
    {
        var hashes = await db.IssueHashes.AsNoTracking().Where(h => h.IssueId == issueId).OrderBy(h => h.Id).ToListAsync(ct);
        return hashes
            .Select(h => JsonSerializer.Deserialize<GroupingResult>(h.Components, GroupingJson.Options)!)
            .Select(g => new GroupingDto(g.Hash, g.Variant, g.Components, g.Hint))
            .ToList();
    }

    /// <summary>Each tag of an issue with its top values.</summary>
    public static async Task<List<TagDto>> TagsOfAsync(AppDbContext db, long issueId, int top, CancellationToken ct)
    {
        var keys = await db.IssueTags.AsNoTracking().Where(t => t.IssueId == issueId)
            .GroupBy(t => t.Key)
            .Select(g => new { Key = g.Key, Total = g.Sum(t => t.Count), Distinct = g.Count() })
            .OrderBy(k => k.Key).Take(100).ToListAsync(ct);
        var result = new List<TagDto>(keys.Count);
        foreach (var key in keys)
        {
            var values = await db.IssueTags.AsNoTracking().Where(t => t.IssueId == issueId && t.Key == key.Key)
                .OrderByDescending(t => t.Count).ThenBy(t => t.Value).Take(top).ToListAsync(ct);
            result.Add(new TagDto(key.Key, key.Total, key.Distinct, values
                .Select(v => new TagValueDto(v.Value, v.Count, Math.Round(100.0 * v.Count / key.Total, 1), v.FirstSeen, v.LastSeen)).ToList()));
        }
        return result;
    }

    /// <summary>Likely duplicates of an issue, best first.</summary>
    public static async Task<List<SimilarDto>> SimilarToAsync(AppDbContext db, Issue issue, string projectSlug, int limit, CancellationToken ct)
    {
        var similar = await SimilarIssues.FindAsync(db, issue, limit, ct);
        var ids = similar.Select(s => s.IssueId).ToList();
        var issues = await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return similar.Where(s => issues.ContainsKey(s.IssueId)).Select(s =>
        {
            var i = issues[s.IssueId];
            return new SimilarDto(i.Id, IssueDto.FormatShortId(projectSlug, i.ShortNumber), i.Title, i.Status, s.Score, s.Reason);
        }).ToList();
    }

    /// <summary>The event with the ids of the one before and after it in its issue (by time, then id).</summary>
    public static async Task<EventDetailDto> DetailAsync(AppDbContext db, StoredEvent e, CancellationToken ct)
    {
        var siblings = db.Events.AsNoTracking().Where(x => x.IssueId == e.IssueId);
        var previous = await siblings.Where(x => x.Timestamp < e.Timestamp || (x.Timestamp == e.Timestamp && x.Id < e.Id))
            .OrderByDescending(x => x.Timestamp).ThenByDescending(x => x.Id).Select(x => x.EventId).FirstOrDefaultAsync(ct);
        var next = await siblings.Where(x => x.Timestamp > e.Timestamp || (x.Timestamp == e.Timestamp && x.Id > e.Id))
            .OrderBy(x => x.Timestamp).ThenBy(x => x.Id).Select(x => x.EventId).FirstOrDefaultAsync(ct);
        return new EventDetailDto(e.ProjectId, e.IssueId, previous, next, EventJson.Decompress(e.Payload));
    }

    /// <summary>Who issues of an organization can be assigned to.</summary>
    public static Task<List<AssignableMember>> MembersAsync(AppDbContext db, long organizationId, CancellationToken ct) =>
        (from m in db.Memberships.AsNoTracking()
         join u in db.Users.AsNoTracking() on m.UserId equals u.Id
         where m.OrganizationId == organizationId
         orderby u.Email
         select new AssignableMember(u.Id, u.Email)).ToListAsync(ct);

    /// <summary>Events per hour over the 24 hours up to now, oldest first, for each issue.</summary>
    public static async Task<Dictionary<long, long[]>> HourlyAsync(AppDbContext db, IReadOnlyCollection<long> issueIds, DateTime now, CancellationToken ct)
    {
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var from = thisHour.AddHours(-23);
        var counts = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => issueIds.Contains(h.IssueId) && h.Hour >= from)
            .Select(h => new { h.IssueId, h.Hour, h.Count }).ToListAsync(ct);
        var result = new Dictionary<long, long[]>();
        foreach (var c in counts)
        {
            var slot = (int)(c.Hour - from).TotalHours;
            if (slot is < 0 or > 23) continue;
            if (!result.TryGetValue(c.IssueId, out var series)) result[c.IssueId] = series = new long[24];
            series[slot] += c.Count;
        }
        return result;
    }
}
