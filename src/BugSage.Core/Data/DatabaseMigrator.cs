using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Data;

/// <summary>
/// Applies pending migrations, then fills what a migration cannot compute in SQL. Every path that migrates (start-up and
/// the command-line verbs) comes through here, so a database is never left half upgraded by one of them.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        // Project-hour user sketches (M0053) are merges of stored sketches. Checked on every start rather than once after the
        // migration, so a start that stopped half way through fills them at the next; merging again changes nothing.
        if (!await db.ProjectUserSketchHours.AnyAsync(ct) && await db.UserSketchHours.AnyAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await UserSketchStore.MergeProjectHoursAsync(db, ct);
            await tx.CommitAsync(ct);
        }
    }
}
