using BugSage.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Core.Tests.Attack41;

/// <summary>
/// BulkUpsert.EachRowAsync promises "the rows each execution affected", as a command's ExecuteNonQuery counts them.
/// The positional path reads sqlite3_changes right after the first sqlite3_step: for a statement that returns rows
/// (RETURNING) the step stops at SQLITE_ROW, before the statement completes and the change counter is set, so the
/// count is whatever the previous statement on the connection changed.
/// </summary>
public sealed class RowStatementCountTests
{
    private static void Run(SqliteConnection c, IDbContextTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = (SqliteTransaction?)tx?.GetDbTransaction();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_row_statement_with_RETURNING_counts_the_rows_it_inserted_as_a_command_does()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        Run(c, null, "CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)");
        Run(c, null, "INSERT INTO t VALUES (100, 1), (101, 1), (102, 1), (103, 1), (104, 1)");
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(c).Options);
        await using var tx = await db.Database.BeginTransactionAsync();
        const string sql = "INSERT INTO t (k, v) VALUES (@p0, @p1) ON CONFLICT (k) DO NOTHING RETURNING k";

        // The command's answer, for the same statement on the same connection: 1 inserted, then 0 (a conflict).
        int[] byCommand;
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = (SqliteTransaction)tx.GetDbTransaction();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("@p0", 1L);
            cmd.Parameters.AddWithValue("@p1", 1L);
            Run(c, tx, "UPDATE t SET v = 2"); // five rows changed just before
            var first = cmd.ExecuteNonQuery();
            Run(c, tx, "UPDATE t SET v = 3");
            var second = cmd.ExecuteNonQuery();
            byCommand = [first, second];
        }
        byCommand.ShouldBe([1, 0]);

        Run(c, tx, "UPDATE t SET v = 4"); // six rows now
        var byPosition = await BulkUpsert.EachRowAsync(db, sql, 2, [[2L, 1L], [2L, 1L]], default);
        byPosition.ShouldBe(byCommand); // was [6, 0]: the first count is the UPDATE's six rows before it
    }
}
