using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues;

/// <summary>
/// The one order in which writers take issue rows on PostgreSQL: all of a transaction's issues, in id order, before it
/// writes anything else. The digest, triage, merges, unmerges and deletes each write issues and rows that follow from
/// them (hashes, users, events, rollups kept by triggers); taken in any other order, two of them could each hold a row
/// the other waits for. SQLite has one writer and needs none of this.
/// </summary>
public static class IssueLocks
{
    /// <summary>For changing the issues' counters and status: inserts that point at them (events, users) go on.</summary>
    public static async Task ForChangeAsync(AppDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        if (Sorted(db, ids) is { } sorted)
            await db.Database.ExecuteSqlAsync($"SELECT id FROM issues WHERE id = ANY({sorted}) ORDER BY id FOR NO KEY UPDATE", ct);
    }

    /// <summary>
    /// For changing issues a person chose a moment ago: takes them as <see cref="ForChangeAsync"/> does and reads them as
    /// they are now, untracked (a delete or a merge may have removed some since they were read, a digest or another
    /// change may have changed the rest). On SQLite the caller's transaction already holds the one write lock (EF Core
    /// begins SQLite transactions immediate), so reading is enough.
    /// </summary>
    public static Task<List<Issue>> ReadForChangeAsync(AppDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        var sorted = ids.Distinct().Order().ToArray();
        if (sorted.Length == 0) return Task.FromResult(new List<Issue>());
        var issues = db.Database.IsNpgsql()
            ? db.Issues.FromSql($"SELECT * FROM issues WHERE id = ANY({sorted}) ORDER BY id FOR NO KEY UPDATE")
            : db.Issues.Where(i => sorted.Contains(i.Id));
        return issues.AsNoTracking().ToListAsync(ct);
    }

    /// <summary>For deleting or merging them away: nothing may point at them meanwhile.</summary>
    public static async Task ForRemovalAsync(AppDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        if (Sorted(db, ids) is { } sorted)
            await db.Database.ExecuteSqlAsync($"SELECT id FROM issues WHERE id = ANY({sorted}) ORDER BY id FOR UPDATE", ct);
    }

    private static long[]? Sorted(AppDbContext db, IEnumerable<long> ids)
    {
        if (!db.Database.IsNpgsql()) return null;
        var sorted = ids.Distinct().Order().ToArray();
        return sorted.Length == 0 ? null : sorted;
    }
}
