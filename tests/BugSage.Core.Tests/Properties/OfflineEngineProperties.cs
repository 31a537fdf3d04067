using BugSage.Core.Analysis.Offline;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>The offline engine reads any event in bounded time and never claims more than it may.</summary>
public class OfflineEngineProperties
{
    private static readonly OfflineEngine Engine = new(KnowledgeBase.Default);

    private static readonly Gen<string> Platform = Gen.OneOf(
        Gen.Const("javascript"), Gen.Const("node"), Gen.Const("python"), Gen.Const("csharp"), Gen.Const("java"), Gen.Const("go"), Gen.Const("other"));

    /// <summary>Messages built from the knowledge base's own vocabulary, repeated until matching gets expensive.</summary>
    internal static readonly Gen<string> HostileMessage = Gen.Select(
        Gen.OneOf(Gen.Const("a."), Gen.Const("a"), Gen.Const("'"), Gen.Const(" is not"), Gen.Const("x is not iterable"), Gen.Const("Cannot read properties of "),
            Gen.Const("Index"), Gen.Const("\""), Gen.Const("(a"), Gen.Const("[0]"), Gen.Const("$.")),
        Gen.Int[1, 600], Gen.OneOf(Gen.Const(""), Gen.Const(" is not a function!"), Gen.Const("!"), Gen.Const(" is not defined"), Gen.Const("'")),
        (unit, times, tail) => string.Concat(Enumerable.Repeat(unit, times)) + tail);

    private static readonly Gen<string> Event = Gen.Select(Platform, Gen.Frequency((2, HostileMessage), (1, JsonText.Str)), Gen.Frequency((1, HostileMessage), (1, JsonText.Str)),
        Gen.OneOf(Gen.Const("TypeError"), Gen.Const("KeyError"), Gen.Const("NullReferenceException"), Gen.Const("java.lang.NullPointerException"), Gen.Const("Error"), Gen.Const("ZeroDivisionError")),
        (platform, message, line, type) => $$$"""
            {"platform":"{{{platform}}}","exception":{"values":[{"type":"{{{type}}}","value":"{{{JsonText.Escape(message)}}}",
              "stacktrace":{"frames":[{"filename":"app.py","function":"f","in_app":true,"context_line":"{{{JsonText.Escape(line)}}}"}]}}]}}
            """);

    [Fact]
    public void Offline_analysis_of_any_event_is_total_and_modest() =>
        Gen.Frequency((3, Event), (1, JsonText.Event)).Sample(json =>
        {
            if (GroupingProperties.Normalized(json) is not { } evt) return;
            var result = Engine.Analyze(new AnalysisInput(evt, 1, 1, "steady"));
            result.Confidence.ShouldBeInRange(0, 0.95);
            result.Summary.ShouldNotBeNullOrEmpty();
        }, iter: PropertyRuns.Analyses, print: PropertyRuns.Quoted);

    [Fact]
    public void Failing_expression_search_is_total_on_any_line() =>
        Gen.Select(Gen.OneOf(Gen.Const("member-access"), Gen.Const("member-access-any"), Gen.Const("subscript-key"), Gen.Const("subscript"),
                Gen.Const("divisor"), Gen.Const("call:int|float"), Gen.Const("linq"), Gen.Const("from-message")),
            Gen.Frequency((2, HostileMessage), (1, JsonText.Str), (1, Gen.String[0, 300])), Gen.Frequency((1, HostileMessage), (1, Gen.String[0, 20]))).Sample((extract, line, member) =>
        {
            FailingExpression.Find(extract, line, new Dictionary<string, string> { ["member"] = member, ["key"] = member, ["expression"] = member });
        }, iter: PropertyRuns.Strings, print: t => t.Item1 + " / " + PropertyRuns.Quoted(t.Item2) + " / " + PropertyRuns.Quoted(t.Item3));
}
