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
        // Project and environment hours and days of user sketches (M0053, M0055, M0059) are merges of stored sketches,
        // filled whole while empty. Every start also merges in the last two days: nodes of a version before write hourly and
        // daily sketches but not the merged rows, and a rolling upgrade runs both for a while. Merging again changes nothing.
        var since = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddHours(-RollingUpgradeHours);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await UserSketchStore.MergeStoredSketchesAsync(db, since, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>How far back each start merges stored sketches into project hours and days (see <see cref="MigrateAsync"/>).</summary>
    public const int RollingUpgradeHours = 48;
}
