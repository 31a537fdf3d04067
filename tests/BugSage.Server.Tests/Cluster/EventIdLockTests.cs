using BugSage.Core.Processing.Digest;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Cluster;

/// <summary>A digest batch's event id locks stay few whatever its size: PostgreSQL's lock table is shared by every session.</summary>
public class EventIdLockTests
{
    [Theory, PostgresData]
    public async Task A_batch_of_five_thousand_event_ids_holds_no_more_than_the_stripe_count_of_locks(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var held = await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await EventIdLocks.TakeAsync(db, Enumerable.Range(0, 5_000).Select(i => (projectId, $"{i:x32}")), CancellationToken.None);
            var count = await db.Database.SqlQuery<long>(
                $"SELECT count(*) AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()").SingleAsync();
            await tx.RollbackAsync();
            return count;
        });
        held.ShouldBeLessThanOrEqualTo(EventIdLocks.Stripes);
        held.ShouldBeGreaterThan(EventIdLocks.Stripes / 2, "five thousand ids spread over the stripes");
    }
}
