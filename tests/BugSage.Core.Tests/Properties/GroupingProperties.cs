using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Processing.Digest;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>Grouping over client text: fingerprints are total and deterministic, rules parse or are reported, matching never throws.</summary>
public class GroupingProperties
{
    /// <summary>Text that looks like rules, half-rules and noise.</summary>
    internal static readonly Gen<string> RuleText = Gen.Frequency(
        (3, Gen.Select(
                Gen.OneOf(Gen.Const("type"), Gen.Const("message"), Gen.Const("stack.function"), Gen.Const("tags.browser"), Gen.Const("path"),
                    Gen.Const("level"), Gen.Const("nope"), Gen.Const("tags."), Gen.Const("")),
                Gen.OneOf(Gen.Const("*"), Gen.Const("\"*a*a*a*a*a*a*a*a*a*a*b\""), Gen.Const("Type?rror"), Gen.Const("\"\""), Gen.Const("("), Gen.Const("[a-"),
                    Gen.Const("\\"), Gen.Const("\"unclosed"), Gen.String[0, 10]),
                Gen.OneOf(Gen.Const(" -> "), Gen.Const("->"), Gen.Const(" - "), Gen.Const(" -> -> ")),
                Gen.OneOf(Gen.Const("group"), Gen.Const("{{ default }}"), Gen.Const(""), Gen.Const("{{ type }} x"), Gen.String[0, 10]),
                (key, value, arrow, fingerprint) => key + ":" + value + arrow + fingerprint)
            .Array[0, 5].Select(lines => string.Join("\n", lines))),
        (1, Gen.String[0, 200]),
        (1, Gen.Select(Gen.Const("message:\"*"), Gen.Int[100, 5000], (s, n) => s + new string('a', n) + "*\" -> long")));

    [Fact]
    public void Rule_text_parses_or_reports_every_malformed_line() =>
        RuleText.Sample(text =>
        {
            var errors = new List<string>();
            var rules = FingerprintRule.ParseAll(text, errors);
            var lines = text.Split('\n').Select(l => l.Trim()).Count(l => l.Length > 0 && !l.StartsWith('#'));
            (rules.Count + errors.Count).ShouldBe(lines);
            foreach (var rule in rules)
            {
                rule.Matchers.ShouldNotBeEmpty();
                rule.Fingerprint.ShouldNotBeEmpty();
                rule.Text.Length.ShouldBeLessThanOrEqualTo(FingerprintRule.MaxLineLength);
            }
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);

    [Fact]
    public void Fingerprinting_is_total_and_deterministic_under_any_rules() =>
        Gen.Select(RuleText, JsonText.Event).Sample((rulesText, json) =>
        {
            if (Normalized(json) is not { } evt) return;
            var rules = FingerprintRule.ParseAll(rulesText);
            var first = EventFingerprinter.Fingerprint(evt, rules);
            var again = EventFingerprinter.Fingerprint(evt, rules);
            again.Hash.ShouldBe(first.Hash);
            first.Hash.Length.ShouldBe(32);
            first.Components.ShouldNotBeEmpty();
        }, iter: PropertyRuns.Events, print: t => PropertyRuns.Quoted(t.Item1) + " / " + PropertyRuns.Quoted(t.Item2));

    [Fact]
    public void Similarity_features_are_total_on_any_text() =>
        Gen.Frequency((3, JsonText.Str), (1, Gen.String[0, 3000])).Sample(text =>
        {
            var evt = new NormalizedEvent
            {
                EventId = "11111111111111111111111111111111",
                Title = text,
                Message = text,
                Exception = new ExceptionChain
                {
                    Values = [new ExceptionValue { Type = text, Value = text, Stacktrace = new Stacktrace { Frames = [new StackFrame { Function = text, Filename = text, InApp = true }] } }],
                },
            };
            var features = SimilarityFeatures.Of(evt);
            features.Count.ShouldBeLessThanOrEqualTo(64 + 4);
            features.ShouldAllBe(f => f.Length > 0 && SimilarityFeatures.Weight(f) > 0);
            GroupingNormalizer.Message(text).Length.ShouldBeLessThanOrEqualTo(1024 * 8);
            GroupingNormalizer.Function(text);
            GroupingNormalizer.Filename(text);
        }, iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);

    /// <summary>The event as the digest would normalize it, or null when the digest would drop it.</summary>
    internal static NormalizedEvent? Normalized(string json)
    {
        try
        {
            return EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EventPreparationProperties.Received, EventPreparationProperties.Settings).Event;
        }
        catch (Exception e) when (ItemCollector.IsMalformed(e))
        {
            return null;
        }
    }
}
