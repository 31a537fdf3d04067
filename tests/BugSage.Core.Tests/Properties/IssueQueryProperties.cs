using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>The issue search box takes any text: it parses into non-empty terms and known filters.</summary>
public class IssueQueryProperties
{
    private static readonly Gen<string> Query = Gen.Frequency(
        (3, Gen.OneOf(Gen.Const("is:"), Gen.Const("is:unresolved"), Gen.Const("is:ARCHIVED"), Gen.Const("level:"), Gen.Const("level:\"\""),
                Gen.Const("level:Warning"), Gen.Const("level:bogus"), Gen.Const("\""), Gen.Const("\"\""), Gen.Const("browser:\""), Gen.Const(":x"),
                Gen.Const("has:user"), Gen.Const("assigned:me"), Gen.Const("\"quoted phrase\""), Gen.Const("a:b:c"), Gen.Const("tag:\"a b\""),
                Gen.Const("\u0000"), Gen.Const("\ud800"), Gen.Const("é"),
                Gen.Const("firstSeen:>=2026-11-02T00:00:00Z"), Gen.Const("firstSeen:<9999-12-31"), Gen.Const("firstSeen:>"), Gen.Const("firstSeen:<=0001-01-01"),
                Gen.Const("firstSeen:>2026-11-02T01:00:00+05:00"), Gen.Const("firstSeen:<<2026"))
            .Array[0, 8].Select(parts => string.Join(" ", parts))),
        (1, Gen.String[0, 100]));

    [Fact]
    public void Issue_query_parses_any_text_into_terms_and_known_filters() =>
        Query.Sample(text =>
        {
            var q = IssueQuery.Parse(text);
            q.Text.ShouldAllBe(t => t.Length > 0);
            q.Statuses.ShouldAllBe(s => IssueStatus.All.Contains(s));
            q.Levels.ShouldAllBe(l => l.Length > 0 && l == l.ToLowerInvariant());
            q.Tags.ShouldAllBe(t => t.Key.Length > 0 && t.Value.Length > 0);
            if (q.Assigned is not null) q.Assigned.ShouldNotBeEmpty();
            if (q.FirstSeenFrom is { } from) from.Kind.ShouldBe(DateTimeKind.Utc);
            if (q.FirstSeenBefore is { } before) before.Kind.ShouldBe(DateTimeKind.Utc);
            IssueTextSearch.Phrases(q.Text).ShouldAllBe(p => p.Count > 0 && p.Count <= 16);
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);

    [Fact]
    public void A_quoted_value_reads_back_unchanged_whatever_quotes_backslashes_or_spaces_it_holds() =>
        Gen.String[Gen.Char["ab 1.\"\\:-"], 1, 40].Sample(value =>
        {
            var q = IssueQuery.Parse("is:unresolved release:" + IssueQuery.Quote(value) + " level:error");
            q.Tags.ShouldHaveSingleItem().ShouldBe(("release", value));
            q.Statuses.ShouldBe([IssueStatus.Unresolved]);
            q.Levels.ShouldBe(["error"]);
            q.Text.ShouldBeEmpty();
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);

    [Theory]
    [InlineData("release:\"1.0 \\\"beta\\\"\"", "1.0 \"beta\"")]
    [InlineData("release:\"C:\\\\build\\\\\"", "C:\\build\\")]
    [InlineData("release:\"plain\"", "plain")]
    public void Escaped_quotes_and_backslashes_inside_a_quoted_value_are_read_as_characters(string query, string value) =>
        IssueQuery.Parse(query).Tags.ShouldHaveSingleItem().ShouldBe(("release", value));

    [Theory]
    [InlineData("firstSeen:>=2026-11-02T00:00:00Z", "2026-11-02T00:00:00.0000000Z", null)]
    [InlineData("firstSeen:>2026-11-02T00:00:00Z", "2026-11-02T00:00:00.0000010Z", null)]
    [InlineData("firstSeen:<2026-11-03", null, "2026-11-03T00:00:00.0000000Z")]
    [InlineData("firstSeen:<=2026-11-03T00:00:00Z", null, "2026-11-03T00:00:00.0000010Z")]
    [InlineData("firstSeen:>=2026-11-02T05:00:00+05:00", "2026-11-02T00:00:00.0000000Z", null)]
    public void First_seen_bounds_read_as_utc_instants(string query, string? from, string? before)
    {
        var q = IssueQuery.Parse(query);
        q.FirstSeenFrom?.ToString("O").ShouldBe(from);
        q.FirstSeenBefore?.ToString("O").ShouldBe(before);
        q.Text.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("firstSeen:>")]
    [InlineData("firstSeen:<<2026")]
    [InlineData("firstSeen:>=yesterday")]
    [InlineData("firstSeen:>=0001-01-01")]
    public void A_first_seen_bound_that_is_not_an_instant_filters_as_a_tag_as_before(string query)
    {
        var q = IssueQuery.Parse(query);
        (q.FirstSeenFrom, q.FirstSeenBefore).ShouldBe((null, null));
        q.Tags.ShouldHaveSingleItem().Key.ShouldBe("firstSeen");
    }
}
