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
    // Checkpoints run on SqliteCheckpointer's connection; the auto-checkpoint mark (about 200 MB) is a backstop.
    private const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000; PRAGMA wal_autocheckpoint=50000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
