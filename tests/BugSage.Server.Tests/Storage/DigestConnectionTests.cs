using System.Data;
using System.Data.Common;
using BugSage.Core.Data;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Storage;

/// <summary>The digest's own SQLite connection (DigestConnection): the pragmas in force, a failed write leaving it clean, one per server. From the outside review of session 38.</summary>
public sealed class DigestConnectionTests
{
    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, DbTransaction? tx = null)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task The_digest_connection_has_the_per_connection_pragmas()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var digest = app.Services.GetRequiredService<DigestConnection>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        digest.Use(db);
        var conn = db.Database.GetDbConnection();
        conn.State.ShouldBe(ConnectionState.Open);
        Convert.ToInt64(await ScalarAsync(conn, "PRAGMA foreign_keys")).ShouldBe(1);
        Convert.ToInt64(await ScalarAsync(conn, "PRAGMA busy_timeout")).ShouldBe(10000);
        Convert.ToInt64(await ScalarAsync(conn, "PRAGMA cache_size")).ShouldBe(-16000);
        Convert.ToInt64(await ScalarAsync(conn, "PRAGMA synchronous")).ShouldBe(1); // NORMAL
        Convert.ToInt64(await ScalarAsync(conn, "PRAGMA wal_autocheckpoint")).ShouldBe(50000);
        (await ScalarAsync(conn, "PRAGMA journal_mode"))!.ToString().ShouldBe("wal");

        // Pooled connections get the small cache.
        await using var other = app.Services.CreateAsyncScope();
        var pooled = other.ServiceProvider.GetRequiredService<AppDbContext>();
        await pooled.Database.OpenConnectionAsync();
        Convert.ToInt64(await ScalarAsync(pooled.Database.GetDbConnection(), "PRAGMA cache_size")).ShouldBe(-8000);
        Convert.ToInt64(await ScalarAsync(pooled.Database.GetDbConnection(), "PRAGMA foreign_keys")).ShouldBe(1);
    }

    [Fact]
    public async Task The_digest_writes_through_its_own_connection()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var digest = app.Services.GetRequiredService<DigestConnection>();
        digest.IsOpen.ShouldBeFalse();
        await app.SendErrorsAsync("throughItsOwn", 2);
        digest.IsOpen.ShouldBeTrue("the digest wrote its batch through a pooled connection");
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task A_foreign_key_violation_fails_on_the_digest_connection()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var digest = app.Services.GetRequiredService<DigestConnection>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        digest.Use(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        var e = await Should.ThrowAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO issue_users (issue_id, user_key) VALUES (987654321, 'x')"));
        e.SqliteErrorCode.ShouldBe(19); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_the_connection_clean_for_the_next_batch()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var digest = app.Services.GetRequiredService<DigestConnection>();
        DbConnection first;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            digest.Use(db);
            first = db.Database.GetDbConnection();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO inbox_checkpoints (node_id, segment, \"offset\", updated_at) VALUES ('attack38', 1, 2, '2026-01-01 00:00:00')");
                throw new InvalidOperationException("midway");
            }
            catch (InvalidOperationException) { }
        }
        first.State.ShouldBe(ConnectionState.Open);
        // Nothing held: a pooled connection can write at once, and the row is gone.
        await app.WithDbAsync(async db =>
        {
            (await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM inbox_checkpoints WHERE node_id = 'attack38'").SingleAsync()).ShouldBe(0);
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO inbox_checkpoints (node_id, segment, \"offset\", updated_at) VALUES ('attack38b', 1, 2, '2026-01-01 00:00:00')");
            await tx.CommitAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            digest.Use(db);
            db.Database.GetDbConnection().ShouldBeSameAs(first);
            await using var tx = await db.Database.BeginTransactionAsync();
            await tx.CommitAsync();
        }

        // And a real digest through the worker still works after it.
        await app.SendErrorsAsync("afterFailure", 2);
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task Two_servers_in_one_process_keep_their_own_digest_connections()
    {
        await using var a = await BugSageFactory.CreateAsync("sqlite");
        await using var b = await BugSageFactory.CreateAsync("sqlite");
        a.Services.GetRequiredService<DigestConnection>().ShouldNotBeSameAs(b.Services.GetRequiredService<DigestConnection>());
        await Task.WhenAll(a.SendErrorsAsync("inA", 3), b.SendErrorsAsync("inB", 2));
        (await a.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(3);
        (await b.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(2);
    }
}
