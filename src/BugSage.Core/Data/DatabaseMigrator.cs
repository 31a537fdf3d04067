using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Data;

/// <summary>
/// Applies pending migrations, then fills what a migration cannot compute in SQL. Every path that migrates (start-up and
/// the command-line verbs) comes through here, so a database is never left half upgraded by one of them.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct, TimeProvider? clock = null)
    {
        await db.Database.MigrateAsync(ct);
        // Project-hour user sketches (M0053) are merges of stored sketches. Filled whole, in one transaction, while the table
        // is empty (a start that stopped half way fills it at the next). Every start also merges in the last two days: nodes
        // of the version before M0053 write hourly sketches but not project hours, and a rolling upgrade runs both for a while.
        // Merging again changes nothing.
        var full = !await db.ProjectUserSketchHours.AnyAsync(ct) && await db.UserSketchHours.AnyAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await UserSketchStore.MergeProjectHoursAsync(db, full ? null : (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddHours(-RollingUpgradeHours), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>How far back each start merges hourly sketches into project hours (see <see cref="MigrateAsync"/>).</summary>
    public const int RollingUpgradeHours = 48;
}
