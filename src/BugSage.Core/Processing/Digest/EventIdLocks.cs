using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Makes "is this event id stored yet?" and storing it one step across nodes. An SDK that retries after a lost answer can
/// leave one event in two nodes' inboxes; digested at the same moment, each batch would find the id not yet stored, both
/// would count it (issue counts, rollups) and the second insert would then be skipped: counted twice, stored once. On
/// PostgreSQL each batch therefore takes a transaction lock per (project, event id) before it looks: the second batch
/// waits for the first to commit, then finds the event and drops it. The locks are taken in one order (sorted keys), so two
/// batches never wait on each other in a circle. SQLite has one writer at a time and needs none.
/// </summary>
internal static class EventIdLocks
{
    public static async Task TakeAsync(AppDbContext db, DigestBatch batch, CancellationToken ct)
    {
        if (batch.Events.Count == 0 || !db.Database.IsNpgsql()) return;
        var keys = batch.Events.Select(e => Key(e.ProjectId, e.Event.EventId)).Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync(
            $"SELECT count(pg_advisory_xact_lock(k)) FROM unnest({keys}::bigint[]) WITH ORDINALITY AS t(k, n)", ct);
    }

    /// <summary>A 64-bit key for the pair; two pairs sharing one only wait for each other, which is harmless.</summary>
    private static long Key(long projectId, string eventId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"bugsage:event:{projectId}:{eventId}")), 0);
}
