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

    /// <summary>Patterns an outside review found read wrongly by the first version of the reader, each with a message it matches.</summary>
    [Theory]
    [InlineData(@"abcdef(?#()|xyz", "xyz")]
    [InlineData(@"abcdef(?#\)|xyz", "xyz")]
    [InlineData(@"abcdef(?#[)|xyz]", "xyz]")]
    [InlineData(@"abcd(?#c)*", "abc")]
    [InlineData(@"abcd(?#c){0}", "abc")]
    [InlineData(@"(abc)\<1>", "abcabc")]
    [InlineData(@"(?<n>abc)\'n'", "abcabc")]
    [InlineData(@"[x-[]abcd[]]", "x")]
    [InlineData(@"abcd(\c[)|xyz]", "xyz]")]
    [InlineData(@"abcd(\c\)|xyz", "xyz")]
    [InlineData(@"c'd\[{.c\c[|", "#c2'")]
    [InlineData(@"[\c]abcd{]", "{")]
    [InlineData(@"a{?[}^abcd(]", "a}")]
    public void A_construct_the_reader_does_not_know_gets_no_prefilter(string pattern, string message)
    {
        Matches(pattern, message).ShouldBeTrue("the engine matches it");
        RequiredText.MayMatch(message, RequiredText.Of(pattern)).ShouldBeTrue(string.Join(", ", RequiredText.Of(pattern) ?? []));
    }

    private static bool Matches(string pattern, string message)
    {
        const RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking).IsMatch(message);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options).IsMatch(message);
        }
    }

    private static readonly Gen<string> RegexText = Gen.OneOf(
            Gen.Const("abc"), Gen.Const("xyz"), Gen.Const("k"), Gen.Const(" "), Gen.Const("("), Gen.Const(")"), Gen.Const("(?:"),
            Gen.Const("(?<n>"), Gen.Const("(?="), Gen.Const("(?!"), Gen.Const("(?#"), Gen.Const("(?i)"), Gen.Const("(?x:"), Gen.Const("["),
            Gen.Const("]"), Gen.Const("[^"), Gen.Const("-["), Gen.Const("{"), Gen.Const("}"), Gen.Const("{2}"), Gen.Const("{0,}"),
            Gen.Const("{1,3}"), Gen.Const("|"), Gen.Const("*"), Gen.Const("+"), Gen.Const("?"), Gen.Const("."), Gen.Const("^"),
            Gen.Const("$"), Gen.Const("\\"), Gen.Const("\\d"), Gen.Const("\\b"), Gen.Const("\\."), Gen.Const("\\("),
            Gen.Const("\\["), Gen.Const("\\c"), Gen.Const("\\k<n>"), Gen.Const("\\1"), Gen.Const("\\<"), Gen.Const("\\'"),
            Gen.Const("\\u004B"), Gen.Const("\\p{L}"), Gen.Const("'"), Gen.Const("#"))
        .Array[1, 10].Select(parts => string.Concat(parts));

    [Fact]
    public void Reading_any_text_as_a_pattern_never_throws_and_never_turns_away_a_match()
    {
        var checkedPatterns = 0;
        RegexText.Select(Gen.String[0, 4].Array[0, 4]).Sample((pattern, extra) =>
        {
            var literals = RequiredText.Of(pattern); // any text at all: a knowledge base is data
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException)
            {
                return;
            }
            Interlocked.Increment(ref checkedPatterns);
            // Messages from the pattern's own characters, so that they match it often.
            var pieces = Metacharacters().Split(pattern).Where(p => p.Length > 0).Concat(extra).ToList();
            for (var n = 0; n <= pieces.Count; n++)
            {
                var message = string.Concat(pieces.Skip(n).Concat(pieces.Take(n)));
                if (Matches(pattern, message)) RequiredText.MayMatch(message, literals).ShouldBeTrue($"{pattern} matches {message}");
            }
        }, iter: PropertyRuns.Strings, print: t => $"{PropertyRuns.Quoted(t.Item1)} / {string.Join("|", t.Item2)}");
        checkedPatterns.ShouldBeGreaterThan(PropertyRuns.Strings / 10);
    }

    [Fact]
    public void Nested_groups_are_unwrapped_up_to_a_length_past_which_a_pattern_gets_no_prefilter()
    {
        RequiredText.Of(new string('(', 10) + "abc" + new string(')', 10)).ShouldBe(["abc"]);
        // Unwrapping rescans the pattern once per level: a pattern past 1,000 characters is not read at all.
        RequiredText.Of(new string('(', 16_000) + "abc" + new string(')', 16_000)).ShouldBeNull();
    }

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
        folding.ShouldBe([RequiredText.KelvinSign]);
        // And the engine matches it as k alone.
        new Regex("^k$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | engine).IsMatch(RequiredText.KelvinSign.ToString()).ShouldBeTrue();
        Enumerable.Range(1, 127).Where(c => c is not ('k' or 'K'))
            .ShouldAllBe(c => !new Regex("^" + Regex.Escape(((char)c).ToString()) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | engine)
                .IsMatch(RequiredText.KelvinSign.ToString()));
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
        // A Kelvin sign is read as the k it matches, not as a reason to build every automaton.
        pattern.MatchMessage("\u212A is not a function").Success.ShouldBeFalse();
        pattern.MessageBuilt.ShouldBeFalse();
        pattern.MatchMessage("items is NOT ITERABLE").Groups["e"].Value.ShouldBe("items");
    }
}
