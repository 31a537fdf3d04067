using BugSage.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Data;

/// <summary>
/// On SQLite, the one connection the digest writes through, open for the process's life and kept out of the pool: its
/// page cache (<see cref="SqlitePragmas.WriterCacheKiB"/>) stays warm with the pages every batch writes, while pooled
/// connections keep small ones. On PostgreSQL the digest's contexts use the pool as before.
/// </summary>
public sealed class DigestConnection(IOptions<StorageOptions> storage, IOptions<BugSageOptions> options) : IDisposable
{
    private SqliteConnection? connection;

    /// <summary>Points <paramref name="db"/>, not yet used, at the digest's connection. One writer at a time (the digest's gate).</summary>
    public void Use(AppDbContext db)
    {
        if (storage.Value.IsPostgres) return;
        db.Database.SetDbConnection(Open(), contextOwnsConnection: false);
    }

    private SqliteConnection Open()
    {
        if (connection is { State: System.Data.ConnectionState.Open }) return connection;
        connection?.Dispose();
        var text = new SqliteConnectionStringBuilder(StorageRegistration.SqliteConnectionString(storage.Value, options.Value)) { Pooling = false }.ToString();
        var opened = new SqliteConnection(text);
        opened.Open();
        using (var pragmas = opened.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmas.Sql(SqlitePragmas.WriterCacheKiB);
            pragmas.ExecuteNonQuery();
        }
        return connection = opened;
    }

    public void Dispose() => connection?.Dispose();
}
