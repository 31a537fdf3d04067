using BugSage.Core.Alerts;
using BugSage.Core.Events;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// A rule's conditions are tested against event text anyone with a DSN writes: matching any text
/// with any accepted pattern answers (true or false) without throwing and within bounded time.
/// </summary>
public class AlertConditionProperties
{
    private static readonly Gen<string> Pattern = Gen.OneOf(
        Gen.Const("(a+)+$"), Gen.Const("^(\\w+\\s?)*$"), Gen.Const("timeout|refused"), Gen.Const(".*.*.*x"), Gen.Const("[\\s\\S]{0,100}z"),
        Gen.String[0, 20]);

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const(new string('a', 100_000) + "!"), Gen.Const("\ud800 lone"), Gen.Const("\u0000"), Gen.Const(""), Gen.String[0, 300]);

    [Theory]
    [InlineData("(a)\\1")]
    [InlineData("(?<=x)y")]
    [InlineData("(unclosed")]
    public void Patterns_that_cannot_be_matched_in_bounded_time_are_refused(string pattern) =>
        new AlertConditions(MessagePattern: pattern).Problem().ShouldNotBeNull();

    [Fact]
    public void Any_accepted_pattern_matches_any_event_text_without_throwing() =>
        Gen.Select(Pattern, Text).Sample((pattern, text) =>
        {
            var conditions = new AlertConditions(CulpritPattern: pattern, MessagePattern: pattern);
            if (conditions.Problem() is not null) return;
            var matcher = conditions.ToMatcher();
            var evt = new NormalizedEvent { EventId = "0", Title = text, Culprit = text, Message = text };
            var started = System.Diagnostics.Stopwatch.StartNew();
            _ = matcher.Matches(evt, new IssueFacts(DateTime.UtcNow, false), DateTime.UtcNow);
            started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        }, iter: PropertyRuns.Strings, print: t => $"{PropertyRuns.Quoted(t.Item1)} / {PropertyRuns.Quoted(t.Item2)}");
}
