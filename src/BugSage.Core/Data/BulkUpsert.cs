using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Core.Data;

/// <summary>
/// Runs one <c>INSERT … VALUES (…) ON CONFLICT …</c> for many rows inside the context's current
/// transaction, the fast way for each provider: on SQLite (in-process) one prepared single-row
/// statement executed per row; on PostgreSQL multi-row statements, to save round trips.
/// Large multi-row statements are slow on SQLite: binding looks parameters up by name one by one. On SQLite the single-row
/// statement is bound by position where it can be (<see cref="SqliteRowStatement"/>).
/// </summary>
internal static class BulkUpsert
{
    private const int PostgresRowsPerStatement = 200;

    /// <param name="insert">The statement up to <c>VALUES</c>, e.g. <c>INSERT INTO t (a, b) VALUES</c>.</param>
    /// <param name="conflict">The clause after the values, e.g. <c>ON CONFLICT (a) DO NOTHING</c>.</param>
    public static async Task ExecuteAsync(AppDbContext db, string insert, string conflict, int columns, IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.IsSqlite())
        {
            var sql = Sql(insert, conflict, columns, 1);
            if (RowStatement(connection, transaction, sql, columns, rows) is { } statement)
            {
                using (statement) foreach (var row in rows) statement.Execute(row);
                return;
            }
            await using var command = Command(connection, transaction, sql, columns);
            command.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < columns; i++) command.Parameters[i].Value = row[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            return;
        }
        foreach (var chunk in rows.Chunk(PostgresRowsPerStatement))
        {
            await using var command = Command(connection, transaction, Sql(insert, conflict, columns, chunk.Length), chunk.Length * columns);
            for (var r = 0; r < chunk.Length; r++)
                for (var i = 0; i < columns; i++) command.Parameters[r * columns + i].Value = chunk[r][i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Runs one parameterized statement per row (<c>@p0</c>, <c>@p1</c>, …) as a prepared command,
    /// returning the rows each execution affected.
    /// </summary>
    public static async Task<int[]> EachRowAsync(AppDbContext db, string sql, int columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var affected = new int[rows.Count];
        if (rows.Count == 0) return affected;
        if (db.Database.IsSqlite() && RowStatement(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), sql, columns, rows)
            is { } statement)
        {
            using (statement)
                for (var r = 0; r < rows.Count; r++) affected[r] = statement.Execute(rows[r]);
            return affected;
        }
        await using var command = Command(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), sql, columns);
        var sqlite = db.Database.IsSqlite();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < columns; i++) command.Parameters[i].Value = rows[r][i] ?? DBNull.Value;
            // Prepared on SQLite only: on PostgreSQL a parameter's type can change between rows (null, then text).
            if (r == 0 && sqlite) command.Prepare();
            affected[r] = sqlite ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(ct);
        }
        return affected;
    }

    /// <summary>
    /// The statement bound by position (<see cref="SqliteRowStatement"/>), where it applies: inside a transaction, whose write
    /// lock spares it the busy waits a command would retry, and with every value of a type it binds as a command would.
    /// </summary>
    private static SqliteRowStatement? RowStatement(DbConnection connection, DbTransaction? transaction, string sql, int columns, IEnumerable<object?[]> rows)
    {
        if (connection is not SqliteConnection { State: ConnectionState.Open } sqlite || transaction is null) return null;
        foreach (var row in rows)
            for (var i = 0; i < columns; i++)
                if (!SqliteRowStatement.CanBind(row[i])) return null;
        return SqliteRowStatement.Prepare(sqlite, sql, columns);
    }

    /// <summary><paramref name="insert"/>, <paramref name="rowCount"/> rows of <c>(@p0, @p1, …)</c> numbered on across rows, then <paramref name="conflict"/>.</summary>
    private static string Sql(string insert, string conflict, int columns, int rowCount)
    {
        var sql = new StringBuilder(insert).Append(' ');
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var i = 0; i < columns; i++) sql.Append(i == 0 ? "@p" : ", @p").Append(r * columns + i);
            sql.Append(')');
        }
        return sql.Append(' ').Append(conflict).ToString();
    }

    /// <summary>A command of <paramref name="sql"/> with its parameters <c>@p0</c> … <c>@p{parameters - 1}</c>, values unset.</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
