using BugSage.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Data;

/// <summary>
/// On SQLite, the one connection the digest writes through, open for the process's life and kept out of the pool, with
/// the large page cache (<see cref="SqlitePragmas.WriterCacheKiB"/>) a batch's inserts into random-key indexes want;
/// pooled connections keep small ones. SQLite keeps a cache per connection and, in WAL mode, empties it when another
/// connection committed since its last transaction, so what this buys is one large cache in the process instead of one
/// per pooled connection that ever wrote a batch. On PostgreSQL the digest's contexts use the pool as before.
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
        if (IsOpen) return connection!;
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

    /// <summary>Whether a digest has opened it: nothing before the first batch is written.</summary>
    internal bool IsOpen => connection is { State: System.Data.ConnectionState.Open };

    public void Dispose() => connection?.Dispose();
}
