using System.Text.RegularExpressions;
using BugSage.Core.Documents;
using BugSage.Core.Tests.Properties;
using CsCheck;
using Microsoft.Data.Sqlite;

namespace BugSage.Core.Tests.Documents;

public partial class SearchQueryTests
{
    [GeneratedRegex("""^"[\p{L}\p{N}_]+"( OR "[\p{L}\p{N}_]+")*$""")]
    private static partial Regex QuotedTerms();

    [Fact]
    public void Operators_quotes_and_column_filters_become_plain_words()
    {
        SearchQuery.Fts5Match("heading: \"pool\" NEAR(x y) AND -disk* OR ^text").ShouldBe("\"heading\" OR \"pool\" OR \"near\" OR \"x\" OR \"y\" OR \"disk\" OR \"text\"");
        SearchQuery.Terms("How do I fix the pool?").ShouldBe(["fix", "pool"]);
        SearchQuery.Fts5Match("\" * ( ) : ^ -").ShouldBeNull();
    }

    private static readonly Gen<string> Query = Gen.Frequency(
        (3, Gen.OneOf(Gen.Const("\""), Gen.Const("*"), Gen.Const("NEAR("), Gen.Const(")"), Gen.Const("AND"), Gen.Const("OR"), Gen.Const("NOT"),
                Gen.Const("heading:"), Gen.Const("text:"), Gen.Const("{heading text}:"), Gen.Const("^"), Gen.Const("-"), Gen.Const("+"), Gen.Const("'"),
                Gen.Const("\u0000"), Gen.Const("\ud800"), Gen.Const("é"), Gen.Const("_"), Gen.Const("pool"), Gen.Const("日本語"), Gen.Const(";DROP TABLE documents;--"))
            .Array[0, 10].Select(parts => string.Join(" ", parts))),
        (2, Gen.String[0, 200]));

    [Fact]
    public void Any_text_becomes_a_query_fts5_runs_without_error()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE VIRTUAL TABLE chunks USING fts5(heading, text, tokenize='porter unicode61 remove_diacritics 2');
                INSERT INTO chunks(heading, text) VALUES ('Pool', 'the connection pool is exhausted'), ('Disk', 'no space left on device');
                """;
            create.ExecuteNonQuery();
        }
        // One thread: the in-memory database is one SqliteConnection, which is not safe to share between threads
        // (CsCheck samples on every core by default, and a command disposed on two at once broke the connection's list).
        Query.Sample(text =>
        {
            var match = SearchQuery.Fts5Match(text);
            if (match is null) return;
            QuotedTerms().IsMatch(match).ShouldBeTrue(match);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rowid, bm25(chunks, 2.0, 1.0) FROM chunks WHERE chunks MATCH $match ORDER BY 2";
            command.Parameters.AddWithValue("$match", match);
            using var reader = command.ExecuteReader();
            while (reader.Read()) reader.GetDouble(1).ShouldBeLessThan(0);
        }, iter: PropertyRuns.Strings, threads: 1, print: PropertyRuns.Quoted);
    }
}
