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
                Gen.Const("\u0000"), Gen.Const("\ud800"), Gen.Const("é"))
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
            IssueTextSearch.Phrases(q.Text).ShouldAllBe(p => p.Count > 0 && p.Count <= 16);
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);
}
