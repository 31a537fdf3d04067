using System.Text;
using System.Text.RegularExpressions;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Grouping;
using BugSage.Core.Issues.Search;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Every input that once broke a property, replayed through the same checks. Files in
/// <c>Regressions/</c>: <c>envelope-*.bin</c> (raw envelopes), <c>event-*.json</c> (event payloads),
/// <c>scrub-*.json</c> (events with a planted secret). Strings live here as inline data.
/// </summary>
public class RegressionCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Properties", "Regressions");

    public static TheoryData<string> Files(string prefix) => [.. Directory.GetFiles(Folder, prefix + "*").Select(f => Path.GetFileName(f)).Order()];

    [Theory, MemberData(nameof(Files), "envelope-")]
    public void Envelope_that_once_failed_is_read_or_refused(string file) =>
        EnvelopeReaderProperties.ReadsOrRefuses(File.ReadAllBytes(Path.Combine(Folder, file)));

    [Theory, MemberData(nameof(Files), "event-")]
    public void Event_that_once_failed_is_prepared_or_dropped(string file) =>
        EventPreparationProperties.PreparesOrDrops(File.ReadAllBytes(Path.Combine(Folder, file)));

    [Theory, MemberData(nameof(Files), "scrub-")]
    public void Secret_that_once_leaked_is_scrubbed(string file) =>
        ScrubberProperties.NoSecretStored(File.ReadAllBytes(Path.Combine(Folder, file)));

    [Theory]
    [InlineData("javascript", "TypeError", " is not", 1000, " is not a function!")]
    [InlineData("javascript", "TypeError", "a.", 2000, " is not a function!")]
    [InlineData("javascript", "TypeError", "x is not iterable", 300, "")]
    [InlineData("python", "KeyError", "'", 4000, "")]
    public void Offline_analysis_of_a_once_hostile_message_is_bounded(string platform, string type, string unit, int times, string tail)
    {
        var message = string.Concat(Enumerable.Repeat(unit, times)) + tail;
        var json = $$$"""{"platform":"{{{platform}}}","exception":{"values":[{"type":"{{{type}}}","value":"{{{JsonText.Escape(message)}}}"}]}}""";
        var evt = GroupingProperties.Normalized(json).ShouldNotBeNull();
        var result = new OfflineEngine(KnowledgeBase.Default).Analyze(new AnalysisInput(evt, 1, 1, "steady"));
        result.Confidence.ShouldBeInRange(0, 0.95);
    }

    [Theory]
    [InlineData("member-access-any", "Cannot read properties of ", 4000)]
    [InlineData("member-access", "a.", 50_000)]
    [InlineData("divisor", " / ", 20_000)]
    public void Failing_expression_search_on_a_once_hostile_line_is_total(string extract, string unit, int times) =>
        FailingExpression.Find(extract, string.Concat(Enumerable.Repeat(unit, times)), new Dictionary<string, string> { ["member"] = new string('a', 5000) });

    [Fact]
    public void Over_long_rule_is_reported_not_parsed()
    {
        var errors = new List<string>();
        FingerprintRule.ParseAll("message:\"*" + new string('a', 1015) + "*\" -> long", errors).ShouldBeEmpty();
        errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void Many_star_glob_matches_long_text_without_a_timeout()
    {
        FingerprintRule.TryParse("message:\"*a*a*a*a*a*a*a*a*a*a*a*a*b\" -> slow", out var rule).ShouldBeTrue();
        rule.Matchers[0].Pattern.Options.HasFlag(RegexOptions.NonBacktracking).ShouldBeTrue();
        var evt = GroupingProperties.Normalized($$"""{"message":"{{new string('a', 8000)}}"}""").ShouldNotBeNull();
        EventFingerprinter.Fingerprint(evt, [rule]).Variant.ShouldNotBe("fingerprint-rule");
    }

    [Theory]
    [InlineData("level:\"\"")]
    [InlineData("\"")]
    [InlineData("\"\" browser:\"")]
    public void Issue_query_of_empty_quotes_has_no_empty_terms(string query)
    {
        var q = IssueQuery.Parse(query);
        q.Text.ShouldAllBe(t => t.Length > 0);
        q.Levels.ShouldBeEmpty();
        q.Tags.ShouldAllBe(t => t.Value.Length > 0);
    }

    [Fact]
    public void Every_knowledge_base_pattern_runs_without_backtracking() =>
        KnowledgeBase.Default.Patterns.ShouldAllBe(p => p.Message.Options.HasFlag(RegexOptions.NonBacktracking));

    [Fact]
    public void Stored_text_keeps_whole_surrogate_pairs_and_replaces_what_a_database_refuses()
    {
        "ab\U0001F600".Truncate(3).ShouldBe("ab");
        "a\0b\ud800c\U0001F600".Storable().ShouldBe("a\uFFFDb\uFFFDc\U0001F600");
        Encoding.UTF8.GetByteCount("x\udc00".Storable()).ShouldBe(4);
    }
}
