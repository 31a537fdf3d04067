using System.Diagnostics;
using System.Text;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Attack40;

/// <summary>
/// Outside review of IntentOperators.AcrossFiles (commit 39657a9): both operators share one 2 s reading budget, and one
/// catch around both. IntentOperators' own rule ("a line shaped to make a pattern backtrack costs that operator its say,
/// never the session") and Related() (which keeps what it found before the budget ran out) are the comparison.
/// </summary>
public sealed class AcrossFilesBudgetAttack40Tests
{
    private const string Routes = """
        namespace Hauling;

        public static class Legs
        {
            private static readonly Dictionary<string, int> Hub = new()
            {
                ["LHR"] = 1, ["MAN"] = 2, ["GLA"] = 4,
            };

            public static int Count(string origin, string dest) => Math.Abs(Hub[origin] - Hub[dest]);
        }
        """;

    private static string Fill(string unit, int bytes)
    {
        var text = new StringBuilder();
        while (text.Length + unit.Length < bytes) text.Append(unit);
        return text.ToString();
    }

    private static IReadOnlyList<RelatedRepair> Across(string language, string path, string culprit, int line, string? message, IEnumerable<(string Path, string Source)> others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", path, line, null, message), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    [Fact]
    public void A_repair_key_as_typed_already_found_in_the_culprit_is_not_lost_when_counted_twice_runs_out_of_time_on_another_file()
    {
        // Alone, the culprit's lookup repair is found (as in KeyAsTypedOperatorTests).
        Across("dotnet", "Hauling/Legs.cs", Routes, 10, "The given key ' gla' was not present in the dictionary.", []).ShouldHaveSingleItem();

        // A generated file in the repository (256 KB, under the session's ceiling) of method headers whose bodies never close:
        // Methods.Of scans up to 2000 lines after each, which spends the whole shared budget inside TwiceCounted. The catch
        // around both operators then throws away KeyAsTyped's finished repair of the culprit too.
        var generated = Fill("void F(int a) {\n", 256 * 1024 - 1);
        var repairs = Across("dotnet", "Hauling/Legs.cs", Routes, 10, "The given key ' gla' was not present in the dictionary.",
            Enumerable.Range(0, 3).Select(i => ($"Hauling/Generated{i}.cs", generated)));

        repairs.ShouldHaveSingleItem().Repair.Source.ShouldContain("Hub[origin.Trim().ToUpperInvariant()]");
    }

    [Fact]
    public void Hostile_files_and_messages_neither_throw_nor_outlast_the_shared_budget()
    {
        var big = 256 * 1024 - 1;
        var nested = new StringBuilder();
        for (var i = 0; nested.Length < big - 600; i++) nested.Append(new string(' ', i % 400)).Append("def f(a):\n");
        var shapes = new (string Language, string Culprit, string? Message, string Other)[]
        {
            ("javascript", Fill("f(a) {\n", big), null, Fill("}}}}{{{{ this.n += a; this.f(a);\n", big)),
            ("dotnet", Fill("void F(int a) {\n", big), "The given key '(a+)+$\\' was not present in the dictionary.", Fill(new string('(', 499) + "\n", big)),
            ("python", nested.ToString(), "'.*[' is not in list", Fill("x = LEVELS.index(name)" + new string(' ', 470) + "\n", big)),
            ("python", "LEVELS = [\"(a+)+$\", \"b\"]\n\ndef level(name):\n    return LEVELS.index(name)\n", "'(A+)+$ ' is not in list", ""),
        };

        foreach (var (language, culprit, message, other) in shapes)
        {
            var clock = Stopwatch.StartNew();
            Should.NotThrow(() => Across(language, "src/crash", culprit, 1, message, Enumerable.Range(0, 11).Select(i => ($"src/other{i}", other))));
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6), language);
        }
    }
}
