using BugSage.Core.Data;
using CsCheck;
using Microsoft.Data.Sqlite;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// A row bound by position (<see cref="SqliteRowStatement"/>) is stored exactly as a <see cref="SqliteCommand"/> stores the
/// same values: the same storage class and the same bytes, for every type <see cref="SqliteRowStatement.CanBind"/> names.
/// </summary>
public sealed class SqliteRowStatementProperties : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    public SqliteRowStatementProperties()
    {
        connection.Open();
        Run("CREATE TABLE by_command (n INTEGER PRIMARY KEY, a, b TEXT, c INTEGER, d BLOB, e REAL)");
        Run("CREATE TABLE by_position (n INTEGER PRIMARY KEY, a, b TEXT, c INTEGER, d BLOB, e REAL)");
    }

    /// <summary>Every bindable type, with the edges of each: empty text and blobs, lone surrogates, NUL, extreme numbers and dates.</summary>
    private static readonly Gen<object?> Value = Gen.OneOf<object?>(
        Any(null, DBNull.Value),
        Gen.String.Select(s => (object?)s),
        Any("", "\0", "a\0b", "\ud800", "x\udc00y", "é", "😀", "'; DROP TABLE by_command; --", " 12 ", "1e3"),
        Gen.Long.Select(l => (object?)l), Any(long.MinValue, long.MaxValue, 0L),
        Gen.Int.Select(i => (object?)i), Gen.Short.Select(s => (object?)s), Gen.Byte.Select(b => (object?)b), Gen.Bool.Select(b => (object?)b),
        Gen.Double.Where(d => !double.IsNaN(d)).Select(d => (object?)d),
        Any(double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue),
        Gen.Byte.Array[0, 40].Select(b => (object?)b), Any(Array.Empty<byte>()),
        Gen.DateTime.Select(d => (object?)d),
        Any(DateTime.MinValue, DateTime.MaxValue, new DateTime(2026, 12, 7, 21, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 12, 7, 21, 0, 0, 120, DateTimeKind.Local), new DateTime(638_000_000_000_000_001L, DateTimeKind.Unspecified)));

    private static Gen<object?> Any(params object?[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void A_row_bound_by_position_is_stored_as_a_command_stores_it()
    {
        var n = 0L;
        Value.Array[5].Sample(values =>
        {
            n++;
            values.All(SqliteRowStatement.CanBind).ShouldBeTrue();
            var row = new object?[] { n }.Concat(values).ToArray();

            using var tx = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = "INSERT INTO by_command (n, a, b, c, d, e) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)";
                for (var i = 0; i < row.Length; i++) command.Parameters.AddWithValue($"@p{i}", row[i] ?? DBNull.Value);
                command.ExecuteNonQuery().ShouldBe(1);
            }
            // The parameters out of order, as the digest's issue update has them.
            using (var statement = SqliteRowStatement.Prepare(connection, "INSERT INTO by_position (a, b, c, d, e, n) VALUES (@p1, @p2, @p3, @p4, @p5, @p0)", 6)!)
                statement.Execute(row).ShouldBe(1);
            tx.Commit();

            Stored("by_position", n).ShouldBe(Stored("by_command", n));
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Changes_count_what_the_statement_changed_and_a_failure_is_a_sqlite_exception()
    {
        Run("CREATE TABLE counted (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        using var tx = connection.BeginTransaction();
        using var insert = SqliteRowStatement.Prepare(connection, "INSERT INTO counted (k, v) VALUES (@p0, @p1) ON CONFLICT (k) DO NOTHING", 2)!;
        insert.Execute([1L, 10L]).ShouldBe(1);
        insert.Execute([1L, 11L]).ShouldBe(0);
        Should.Throw<SqliteException>(() => insert.Execute([2L, null])).SqliteErrorCode.ShouldBe(19); // NOT NULL
        insert.Execute([3L, 30L]).ShouldBe(1); // the statement is usable after a failure
        using var update = SqliteRowStatement.Prepare(connection, "UPDATE counted SET v = v + @p1 WHERE k = @p0", 2)!;
        update.Execute([1L, 5L]).ShouldBe(1);
        update.Execute([9L, 5L]).ShouldBe(0);
    }

    [Fact]
    public void Text_of_several_statements_or_other_parameters_is_not_prepared_here()
    {
        Run("CREATE TABLE pair (k INTEGER, v INTEGER)");
        SqliteRowStatement.Prepare(connection, "INSERT INTO pair VALUES (@p0, 1); INSERT INTO pair VALUES (@p0, 2)", 1).ShouldBeNull();
        SqliteRowStatement.Prepare(connection, "SELECT k FROM pair WHERE k = @p0", 1).ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => SqliteRowStatement.Prepare(connection, "INSERT INTO pair VALUES (@p0, @other)", 1));
        SqliteRowStatement.CanBind(double.NaN).ShouldBeFalse();
        SqliteRowStatement.CanBind(1.5m).ShouldBeFalse();
        SqliteRowStatement.CanBind(Guid.Empty).ShouldBeFalse();
        SqliteRowStatement.CanBind(DateTimeOffset.UnixEpoch).ShouldBeFalse();
    }

    /// <summary>Each column's storage class, its bytes, and its value as read back (a real to the last bit).</summary>
    private List<string> Stored(string table, long n)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", "abcde".Select(c => $"typeof({c}), hex({c}), {c}"))} FROM {table} WHERE n = {n}";
        using var reader = command.ExecuteReader();
        reader.Read().ShouldBeTrue();
        return Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
        {
            double d => BitConverter.DoubleToInt64Bits(d).ToString(),
            byte[] b => Convert.ToHexString(b),
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        }).ToList();
    }

    private void Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
