using BugSage.Core.Assistant.Offline;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Assistant;

/// <summary>Whatever is typed into the assistant, the offline planner answers: calls, or a reason it can't.</summary>
public class OfflinePlannerProperties
{
    // Fragments of real questions mixed with noise, so generated text reaches the rules, not only the fall-through.
    private static readonly Gen<string> Question = Gen.Frequency(
        (3, Gen.OneOf(Gen.Const("why does"), Gen.Const("SHOP-7"), Gen.Const("checkout-api-12"), Gen.Const("issue #17"), Gen.Const("it"),
                Gen.Const("and"), Gen.Const("fix"), Gen.Const("comment on"), Gen.Const(":"), Gen.Const("\""), Gen.Const("assign"), Gen.Const("to me"),
                Gen.Const("a@b.io"), Gen.Const("release 1.2.3"), Gen.Const("last 24 hours"), Gen.Const("top issues"), Gen.Const("?"),
                Gen.Const("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"), Gen.Const("browsers"), Gen.Const("runbook"), Gen.Const("\ud800"),
                Gen.Const("\u0000"), Gen.Const("'"), Gen.Const("-"), Gen.Const("#"), Gen.Const("99999999999999999999"), Gen.Const("how often"))
            .Array[0, 12].Select(parts => string.Join(" ", parts))),
        (1, Gen.String[0, 300]),
        (1, Gen.Char["a-zA-Z0-9 -:#'\".?"].Array[0, 3000].Select(chars => new string(chars))));

    private static readonly Gen<AssistantContext> Context =
        Gen.Select(Gen.Long[0, 1000], Gen.Long[0, 1000], Gen.Int[0, 2],
            // Zero stands for "none"; the short id in view may be missing, set or blank.
            (project, issue, shortId) => new AssistantContext(project == 0 ? null : project, issue == 0 ? null : issue,
                shortId switch { 0 => null, 1 => "SHOP-7", _ => " " }, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Plan_never_throws_and_gives_calls_or_a_reason() =>
        Gen.Select(Question, Context).Sample((question, context) =>
        {
            var plan = OfflinePlanner.Plan(question, context);
            if (plan.Calls.Count == 0) plan.CannotAnswer.ShouldNotBeNullOrWhiteSpace();
            else plan.CannotAnswer.ShouldBeNull();
            plan.Calls.ShouldAllBe(c => c.Tool.Length > 0);
            plan.Calls.Select(c => c.Tool).ShouldBeUnique();
        }, iter: PropertyRuns.Strings, print: t => PropertyRuns.Quoted(t.Item1));
}
