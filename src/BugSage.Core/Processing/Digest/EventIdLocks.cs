using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Makes "is this event id stored yet?" and storing it one step across nodes. An SDK that retries after a lost answer can
/// leave one event in two nodes' inboxes; digested at the same moment, each batch would find the id not yet stored, both
/// would count it (issue counts, rollups) and the second insert would then be skipped: counted twice, stored once. On
/// PostgreSQL each batch therefore takes transaction locks covering its (project, event id) pairs before it looks: the
/// second batch waits for the first to commit, then finds the event and drops it. SQLite has one writer at a time and
/// needs none.
/// <para>
/// The pairs are hashed into <see cref="Stripes"/> lock keys rather than one key each: PostgreSQL's lock table is shared
/// by every session (about 6,400 entries by default), and a lock per event of a large batch on several nodes could fill
/// it for everyone. Two batches sharing a stripe only wait for each other, which is harmless. The stripes are taken in
/// one order (sorted), so two batches never wait on each other in a circle.
/// </para>
/// </summary>
internal static class EventIdLocks
{
    /// <summary>The most advisory locks one batch holds, whatever its size.</summary>
    public const int Stripes = 64;

    // The first half of a two-part advisory lock key: event id stripes' own space, apart from other advisory locks.
    private const int LockSpace = 0x42530045;

    public static Task TakeAsync(AppDbContext db, DigestBatch batch, CancellationToken ct) =>
        TakeAsync(db, batch.Events.Select(e => (e.ProjectId, e.Event.EventId)), ct);

    public static async Task TakeAsync(AppDbContext db, IEnumerable<(long ProjectId, string EventId)> events, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        var stripes = events.Select(e => StripeOf(e.ProjectId, e.EventId)).Distinct().Order().ToArray();
        if (stripes.Length == 0) return;
        await db.Database.ExecuteSqlAsync(
            $"SELECT count(pg_advisory_xact_lock({LockSpace}, s)) FROM (SELECT unnest({stripes}::integer[]) AS s ORDER BY s) AS t", ct);
    }

    /// <summary>The stripe of a pair: a stable hash, the same on every node and in every release.</summary>
    internal static int StripeOf(long projectId, string eventId) =>
        (int)(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"bugsage:event:{projectId}:{eventId}")), 0) % Stripes);
}
