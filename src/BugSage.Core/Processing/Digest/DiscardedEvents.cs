using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Drops the events of fingerprints whose issue was deleted with "discard". <see cref="IssueGrouper"/> asks once it knows
/// which of the batch's fingerprints point nowhere (on PostgreSQL, after waiting for their issues' rows, so a delete that
/// committed its discard meanwhile counts).
/// </summary>
internal static class DiscardedEvents
{
    /// <summary>Events of fingerprints whose issue was deleted with "discard" are counted, not stored.</summary>
    public static async Task DropAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        if (batch.Events.Count == 0) return;
        var hashes = batch.Events.Select(e => e.Grouping.Hash).Distinct().ToList();
        var projectIds = batch.Events.Select(e => e.ProjectId).Distinct().ToList();
        var discarded = (await db.DiscardedHashes.AsNoTracking()
                .Where(d => projectIds.Contains(d.ProjectId) && hashes.Contains(d.Hash))
                .Select(d => new { d.ProjectId, d.Hash }).ToListAsync(ct))
            .Select(d => (d.ProjectId, d.Hash)).ToHashSet();
        if (discarded.Count == 0) return;
        batch.Events.RemoveAll(e =>
        {
            if (!discarded.Contains((e.ProjectId, e.Grouping.Hash))) return false;
            batch.Count(e.ProjectId, "server_discard", "error", "discarded_issue");
            return true;
        });
    }
}
