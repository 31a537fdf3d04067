using System.Text.RegularExpressions;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Analysis;

public partial class RequiredTextTests
{
    [Theory]
    [InlineData("Assignment to constant variable", new[] { "Assignment to constant variable" })]
    [InlineData(@"Cannot read propert(?:y|ies) of (?<value>undefined|null)(?: \(reading '(?<member>[^']+)'\))?", new[] { "Cannot read propert" })]
    [InlineData("Maximum call stack size exceeded|too much recursion", new[] { "Maximum call stack size exceeded", "too much recursion" })]
    [InlineData(@"(?<expression>[\w$]+) is not a function", new[] { " is not a function" })]
    [InlineData("(?<value>undefined|null)", new[] { "undefined", "null" })]
    [InlineData(@"(?=abc)def", new[] { "def" })]
    [InlineData(@"[abc]+ tail", new[] { " tail" })]
    [InlineData(@"\d+ items", new[] { " items" })]
    [InlineData(@"items\.count+ of", new[] { "items.coun" })]
    [InlineData(@"a{2,}bcd", new[] { "bcd" })]
    [InlineData(@"abcd?", new[] { "abc" })]
    [InlineData(@"abcd*?xyz", new[] { "abc" })]
    [InlineData(@"index out of range \[(?<index>-?\d+)\] with length", new[] { "index out of range [" })]
    public void Reads_the_literal_every_match_contains(string pattern, string[] expected) =>
        RequiredText.Of(pattern).ShouldBe(expected);

    [Theory]
    [InlineData(".")]
    [InlineData("(?i)abcdef")]
    [InlineData("(?x: a b c d)")]
    [InlineData(@"abc|\d+")]
    [InlineData(@"(?:unavailable|\b50[234]\b|bad gateway)")]
    [InlineData(@"\u0041bcdef")]
    [InlineData(@"(?<x>abc)\k<x>")]
    [InlineData(@"\p{L}+ letters")]
    [InlineData(@"abc\1")]
    [InlineData("ab")]
    [InlineData("ünïcödé")]
    public void A_pattern_whose_text_promises_nothing_gets_no_prefilter(string pattern) =>
        RequiredText.Of(pattern).ShouldBeNull();

    [Theory]
    [InlineData(RegexOptions.None)]
    [InlineData(RegexOptions.NonBacktracking)]
    public void The_characters_the_engine_folds_onto_ascii_are_the_ones_the_prefilter_leaves_to_the_regex(RegexOptions engine)
    {
        // Every non-ASCII character that case-insensitive, culture-invariant matching takes for some ASCII character.
        var ascii = new Regex("^[\u0001-\u007F]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | engine);
        var folding = Enumerable.Range(0x80, 0x10000 - 0x80)
            .Where(c => c is < 0xD800 or > 0xDFFF && ascii.IsMatch(((char)c).ToString()))
            .Select(c => (char)c).ToList();
        folding.ShouldBe(['\u212A']);
        folding.ShouldAllBe(c => RequiredText.FoldsOntoAscii.Contains(c));
    }

    [Fact]
    public void Within_ascii_the_engine_and_an_ordinal_comparison_ignore_the_same_case()
    {
        for (var a = (char)1; a < 128; a++)
        {
            var regex = new Regex("^" + Regex.Escape(a.ToString()) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            for (var b = (char)1; b < 128; b++)
                regex.IsMatch(b.ToString()).ShouldBe(string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase), $"{(int)a} {(int)b}");
        }
    }

    [Fact]
    public void Nearly_every_knowledge_base_pattern_that_says_something_gets_a_prefilter()
    {
        // Those left without one match nearly anything (an optional group, a quoted key) or only a two-digit code.
        var specific = KnowledgeBase.Default.Patterns.Where(p => p.HasSpecificMessage).ToList();
        specific.Count(p => p.RequiredLiterals is not null).ShouldBeGreaterThanOrEqualTo(specific.Count * 9 / 10);
    }

    [GeneratedRegex(@"[\\()\[\]{}|?*+.^$]")]
    private static partial Regex Metacharacters();

    /// <summary>Pieces of every knowledge-base pattern's own text, so that generated messages often match one.</summary>
    private static readonly string[] Pieces = [.. KnowledgeBase.Default.Patterns
        .SelectMany(p => Metacharacters().Split(p.MessageSource))
        .Where(s => s.Length > 0)
        .Concat(["undefined", "null", "foo", "'x'", "42", "-1", "\"7\"", " ", "(", ")", "[", "]", ".", ":", "'"])
        .Distinct()];

    private static readonly Gen<string> Message = Gen.OneOf(
            Gen.OneOf(Pieces.Select(Gen.Const).ToArray()),
            Gen.Char["\u017F\u212AkKsSaZ09 '\"().:"].Select(c => c.ToString()),
            Gen.String[0, 6])
        .Array[1, 8]
        .Select(Gen.Int[0, 2].Array[8], (parts, casing) => string.Concat(parts.Select((p, i) => casing[i] switch
        {
            0 => p,
            1 => p.ToUpperInvariant(),
            // The Kelvin sign, which the engine matches as k: a piece that matches only this way must not be turned away.
            _ => p.Replace('k', '\u212A').Replace('K', '\u212A'),
        })));

    [Fact]
    public void The_prefilter_never_turns_away_a_message_a_pattern_matches()
    {
        var patterns = KnowledgeBase.Default.Patterns;
        var matched = 0;
        Message.Sample(message =>
        {
            foreach (var pattern in patterns)
            {
                if (!UntrustedText.IsMatch(pattern.Message, message)) continue;
                Interlocked.Increment(ref matched);
                RequiredText.MayMatch(message, pattern.RequiredLiterals).ShouldBeTrue($"{pattern.Id} matches {message}");
                pattern.MatchMessage(message).Success.ShouldBeTrue(pattern.Id);
            }
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);
        // The generator has to reach the patterns for the property to say anything.
        matched.ShouldBeGreaterThan(PropertyRuns.Strings / 10);
    }

    [Fact]
    public void A_message_without_the_literal_is_no_match_and_builds_no_automaton()
    {
        var pattern = KnowledgeBase.Parse(new MemoryStream("""
            {"patterns": [{"id": "p", "languages": ["javascript"], "types": ["TypeError"], "message": "(?<e>\\w+) is not iterable",
              "category": "c", "extract": "none", "explanation": "x", "fix": "y", "fixability": 0.5, "severity": "error"}]}
            """u8.ToArray())).Patterns.Single();
        pattern.MatchMessage("x " + new string('y', 5000) + " is not iterabl").Success.ShouldBeFalse();
        pattern.MessageBuilt.ShouldBeFalse();
        pattern.MatchMessage("items is NOT ITERABLE").Groups["e"].Value.ShouldBe("items");
    }
}
