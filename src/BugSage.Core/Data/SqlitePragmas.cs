using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BugSage.Core.Data;

/// <summary>
/// Per-connection SQLite settings. synchronous=NORMAL under WAL keeps commits atomic; a power
/// cut may lose the last commits, which the inbox (fsynced, checkpointed in the same
/// transaction) replays.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>
    /// The page cache of each pooled connection (KiB). Each keeps its own, and under full ingestion every one of them
    /// filled to its size: at 32 MB each, six connections held about 95 MB more than at 8 MB (BENCHMARKS.md, "Session 38").
    /// The digest, whose writes want the larger cache, writes through a connection of its own (<see cref="DigestConnection"/>).
    /// </summary>
    private const int PooledCacheKiB = 8_000;

    /// <summary>
    /// The digest's connection's page cache (KiB): the pages of the indexes every batch inserts into. 16 MB rather than 32:
    /// 18 MB less at peak under full load, with no CPU per event lost in alternated runs (BENCHMARKS.md, "Session 41").
    /// </summary>
    internal const int WriterCacheKiB = 16_000;

    // Checkpoints run on SqliteCheckpointer's connection; the auto-checkpoint mark (about 200 MB) is a backstop.
    internal static string Sql(int cacheKiB) =>
        $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-{cacheKiB}; PRAGMA wal_autocheckpoint=50000;";

    private static readonly string Pooled = Sql(PooledCacheKiB);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pooled;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pooled;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
