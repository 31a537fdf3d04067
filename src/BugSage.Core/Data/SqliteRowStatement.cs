using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BugSage.Core.Data;

/// <summary>
/// One SQL statement prepared on a SQLite connection's own handle and run once per row, its <c>@p0</c>, <c>@p1</c>, …
/// bound by position. A <see cref="SqliteCommand"/> looks each parameter up by name and builds a data reader on every
/// execution; the digest runs thousands of single-row upserts a batch, and that was most of what it allocated per event
/// (BENCHMARKS.md, "Session 41"). Values are stored as Microsoft.Data.Sqlite stores them: <see cref="CanBind"/> names the
/// types this binds, a test holds each to the command's stored value, and a row holding anything else goes through a
/// command instead.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly int[] positions;
    private byte[] utf8 = new byte[256];

    private SqliteRowStatement(sqlite3 db, sqlite3_stmt statement, int[] positions)
    {
        this.db = db;
        this.statement = statement;
        this.positions = positions;
    }

    /// <summary>Whether a value binds here exactly as a <see cref="SqliteParameter"/> would bind it.</summary>
    public static bool CanBind(object? value) => value switch
    {
        null or DBNull or string or long or int or short or byte or bool or byte[] or DateTime => true,
        double d => !double.IsNaN(d), // a command refuses NaN; leave that answer to it
        _ => false,
    };

    /// <summary>
    /// Prepares <paramref name="sql"/>, whose parameters are <c>@p0</c> … <c>@p{columns - 1}</c> in any order, on an open
    /// connection. Null when the text holds more than one statement, or only reads: those take a command.
    /// </summary>
    public static SqliteRowStatement? Prepare(SqliteConnection connection, string sql, int columns)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        // Several statements a command would run one after another; a query, whose count a command gives as -1.
        if (!string.IsNullOrWhiteSpace(tail) || raw.sqlite3_stmt_readonly(statement) != 0)
        {
            statement.Dispose();
            return null;
        }
        var positions = new int[columns];
        var named = 0;
        for (var i = 0; i < columns; i++)
        {
            positions[i] = raw.sqlite3_bind_parameter_index(statement, $"@p{i}");
            if (positions[i] > 0) named++;
        }
        if (named != raw.sqlite3_bind_parameter_count(statement))
        {
            statement.Dispose();
            throw new InvalidOperationException($"The statement has parameters other than @p0 … @p{columns - 1}: {sql}");
        }
        return new SqliteRowStatement(db, statement, positions);
    }

    /// <summary>Runs the statement for one row; returns the rows it changed (not counting what triggers changed).</summary>
    public int Execute(object?[] row)
    {
        for (var i = 0; i < positions.Length; i++)
            if (positions[i] > 0) Check(Bind(positions[i], row[i]));
        // Stepped to the end: a statement that returns rows (RETURNING) sets the count of its changes only when it completes.
        int rc;
        while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) { }
        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        var changed = raw.sqlite3_changes(db);
        raw.sqlite3_reset(statement);
        return changed;
    }

    public void Dispose() => statement.Dispose();

    private int Bind(int position, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, position),
        string s => BindText(position, s),
        long l => raw.sqlite3_bind_int64(statement, position, l),
        int n => raw.sqlite3_bind_int64(statement, position, n),
        short n => raw.sqlite3_bind_int64(statement, position, n),
        byte n => raw.sqlite3_bind_int64(statement, position, n),
        bool b => raw.sqlite3_bind_int64(statement, position, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(statement, position, d),
        byte[] bytes => raw.sqlite3_bind_blob(statement, position, bytes),
        // Microsoft.Data.Sqlite's text form of a date and time, which EF Core's queries compare against.
        DateTime t => t.TryFormat(utf8, out var written, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)
            ? raw.sqlite3_bind_text(statement, position, utf8.AsSpan(0, written))
            : throw new InvalidOperationException("A date and time did not fit its buffer."),
        _ => throw new NotSupportedException($"{value.GetType()} is not bound here; check CanBind first."),
    };

    /// <summary>
    /// As UTF-8 encoded by .NET, as a command binds it: a lone surrogate becomes U+FFFD (SQLite's own conversion from UTF-16
    /// would store other bytes). SQLite copies the text, so one buffer serves every value.
    /// </summary>
    private int BindText(int position, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (utf8.Length < length) utf8 = new byte[Math.Max(length, utf8.Length * 2)];
        return raw.sqlite3_bind_text(statement, position, utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8)));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
