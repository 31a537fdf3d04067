using System.Globalization;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Issues;

/// <summary>
/// Pages an issue list as it stood when its first page was read, so that an issue which receives
/// events while someone pages through neither repeats nor vanishes.
/// </summary>
/// <remarks>
/// The first page is read in one database snapshot together with the newest event id, the
/// mark, which every later cursor carries. Sort keys only move with events, so on later pages an
/// issue with no event past the mark still has its key of that moment and is found by keyset as
/// usual. Issues with newer events ("movers", found by a range scan over the events since the
/// mark) are placed by their key as of the mark, recomputed from their events up to it; issues
/// born after the mark are left out: they lead the next first page. When too much has happened
/// since the mark the snapshot is dropped and paging goes on over current keys, which still never
/// repeats an issue.
/// </remarks>
internal static class IssueListPager
{
    public const int MaxEventsSinceMark = 10_000;
    public const int MaxMovers = 200;

    public static async Task<(List<Issue> Items, string? NextCursor)> PageAsync(
        AppDbContext db, IQueryable<Issue> filtered, long projectId, string sort, string? cursor, int take, CancellationToken ct)
    {
        await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
        var mark = await db.Events.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        List<(Issue Issue, long Key)> rows;
        if (!TryDecode(cursor, sort, out var cursorMark, out var after))
            rows = await CurrentAsync(filtered, sort, null, take, ct);
        else if (await AtMarkAsync(db, filtered, projectId, sort, cursorMark, after, take, ct) is { } atMark)
            (rows, mark) = (atMark, cursorMark);
        else
            rows = await CurrentAsync(filtered, sort, after, take, ct);
        var next = rows.Count > take ? Encode(mark, rows[take - 1].Key, rows[take - 1].Issue.Id) : null;
        return (rows.Take(take).Select(r => r.Issue).ToList(), next);
    }

    private static async Task<List<(Issue, long)>> CurrentAsync(IQueryable<Issue> filtered, string sort, (long, long)? after, int take, CancellationToken ct) =>
        (await IssueListQuery.SortAndSeek(filtered, sort, after).Take(take + 1).ToListAsync(ct))
            .Select(i => (i, IssueListQuery.KeyOf(i, sort))).ToList();

    /// <summary>The page after <paramref name="after"/> in the order of the mark, or null when the mark is too old to rebuild.</summary>
    private static async Task<List<(Issue Issue, long Key)>?> AtMarkAsync(
        AppDbContext db, IQueryable<Issue> filtered, long projectId, string sort, long mark, (long Key, long Id) after, int take, CancellationToken ct)
    {
        var since = await db.Events.AsNoTracking().Where(e => e.Id > mark && e.ProjectId == projectId)
            .OrderBy(e => e.Id).Select(e => e.IssueId).Take(MaxEventsSinceMark + 1).ToListAsync(ct);
        if (since.Count > MaxEventsSinceMark) return null;
        var newEvents = since.GroupBy(id => id).ToDictionary(g => g.Key, g => (long)g.Count());
        var moverIds = newEvents.Keys.ToList();
        var movers = moverIds.Count == 0 ? [] : await filtered.Where(i => moverIds.Contains(i.Id)).ToListAsync(ct);
        if (movers.Count > MaxMovers) return null;

        // No movers, no exclusion: an empty "NOT id = ANY('{}')" still costs a filter on every row read.
        var unmoved = moverIds.Count == 0 ? filtered : filtered.Where(i => !moverIds.Contains(i.Id));
        var steady = await IssueListQuery.SortAndSeek(unmoved, sort, after).Take(take + 1).ToListAsync(ct);
        var rows = steady.Select(i => (Issue: i, Key: IssueListQuery.KeyOf(i, sort))).ToList();
        foreach (var mover in movers)
        {
            if (await KeyAtMarkAsync(db, mover, sort, mark, newEvents[mover.Id], ct) is not { } key) continue;
            if (key < after.Key || (key == after.Key && mover.Id < after.Id)) rows.Add((mover, key));
        }
        return rows.OrderByDescending(r => r.Key).ThenByDescending(r => r.Issue.Id).Take(take + 1).ToList();
    }

    /// <summary>An issue's sort key from its events up to the mark; null when it had none then.</summary>
    private static async Task<long?> KeyAtMarkAsync(AppDbContext db, Issue issue, string sort, long mark, long eventsSince, CancellationToken ct)
    {
        var before = db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id && e.Id <= mark);
        switch (sort)
        {
            case "count":
                return issue.Count > eventsSince ? issue.Count - eventsSince : null;
            case "users":
                if (!await before.AnyAsync(ct)) return null;
                return await before.Where(e => e.UserKey != null).Select(e => e.UserKey).Distinct().CountAsync(ct);
            case "firstSeen":
                return (await before.OrderBy(e => e.Timestamp).Select(e => (DateTime?)e.Timestamp).FirstOrDefaultAsync(ct))?.Ticks;
            default:
                return (await before.OrderByDescending(e => e.Timestamp).Select(e => (DateTime?)e.Timestamp).FirstOrDefaultAsync(ct))?.Ticks;
        }
    }

    private static string Encode(long mark, long key, long id) =>
        Cursor.Encode(string.Create(CultureInfo.InvariantCulture, $"{mark}:{key}"), id);

    private static bool TryDecode(string? cursor, string sort, out long mark, out (long Key, long Id) after)
    {
        mark = 0;
        after = default;
        if (!Cursor.TryDecode(cursor, out var value, out var id)) return false;
        var parts = value.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out mark)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            || !IssueListQuery.IsValidKey(sort, key)) return false;
        after = (key, id);
        return true;
    }
}
