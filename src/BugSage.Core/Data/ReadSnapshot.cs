using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Core.Data;

/// <summary>
/// One consistent read over several statements: a page of issues with the mark it is read against, or an analytics part
/// that reads a day and then takes away the hours of that day outside its range. SQLite's deferred transaction takes
/// no write lock (a plain one would wait on the digest) and sees one snapshot from its first read; PostgreSQL's
/// repeatable read gives one snapshot.
/// </summary>
public static class ReadSnapshot
{
    public static async Task<IAsyncDisposable> BeginAsync(AppDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await db.Database.OpenConnectionAsync(ct);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        var used = await db.Database.UseTransactionAsync(transaction, ct) ?? throw new InvalidOperationException("The snapshot transaction was not taken.");
        return new SqliteSnapshot(db, used, transaction);
    }

    /// <summary>
    /// Ends a snapshot on SQLite. EF does not own a transaction it was handed: disposing its wrapper
    /// alone would leave the read transaction open on the connection, and the next save in the same
    /// unit of work (the assistant searches, then records what it found) would fail as a nested transaction.
    /// </summary>
    private sealed class SqliteSnapshot(AppDbContext db, IDbContextTransaction wrapper, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await wrapper.DisposeAsync();
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}
