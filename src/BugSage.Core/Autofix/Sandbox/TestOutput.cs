using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Reads a test command's output into a <see cref="TestReport"/>: Python unittest and pytest, TAP
/// (<c>node --test</c> and others), node's spec reporter, <c>dotnet test</c>'s console logger, Jest and Go.
/// Each runner's own summary is checked against the failures it named, so a run that failed for a
/// reason no test carries (a crash, a build error, a file that did not load) is never read as named failures.
/// Names are taken from the text as written, never built, so every name is a piece of the output.
/// </summary>
public static partial class TestOutput
{
    /// <summary>Output longer than this is read only this far (the sandbox keeps far less anyway).</summary>
    public const int MaxChars = 4 * 1024 * 1024;

    public static TestReport Read(string output)
    {
        // A line longer than any runner's result line is left out whole: the regexes stay linear in practice, and a name is never cut short.
        var lines = (output.Length > MaxChars ? output[..MaxChars] : output).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Length > UntrustedText.MaxMatchedLength ? "" : l).ToArray();
        var report = new Builder();
        Unittest(lines, report);
        Pytest(lines, report);
        Tap(lines, report);
        NodeSpec(lines, report);
        DotnetConsole(lines, report);
        Jest(lines, report);
        Go(lines, report);
        return report.Build();
    }

    /// <summary>Collects names in order, once each, with the runner that named them; each runner's failures are counted against its summary.</summary>
    private sealed class Builder
    {
        private readonly List<string> failed = [];
        private readonly List<string> passed = [];
        private readonly List<string> skipped = [];
        private readonly List<string> unnamed = [];
        private readonly Dictionary<string, string> namedBy = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RunnerSummary> summaries = new(StringComparer.Ordinal);

        public void Fail(string runner, string name) { if (!failed.Contains(name)) failed.Add(name); namedBy.TryAdd(name, runner); }
        public void Pass(string runner, string name) { if (!passed.Contains(name)) passed.Add(name); namedBy.TryAdd(name, runner); }
        public void Skip(string runner, string name) { if (!skipped.Contains(name)) skipped.Add(name); namedBy.TryAdd(name, runner); }
        public void Unnamed(string why) { if (!unnamed.Contains(why)) unnamed.Add(why); }

        /// <summary>One summary line's counts; a runner that prints several (one per run or per project) is summed.</summary>
        public void Counted(RunnerSummary summary) =>
            summaries[summary.Runner] = summaries.TryGetValue(summary.Runner, out var before) ? before.Plus(summary) : summary;

        /// <summary>A summary that counts more failures than the runner's lines named means some failed without a name.</summary>
        public void Summary(string runner, int counted, int named)
        {
            if (counted > named) Unnamed($"{runner} counts {counted} failure{(counted == 1 ? "" : "s")}, {named} named");
        }

        public TestReport Build() => new([.. failed], [.. passed.Except(failed)], [.. unnamed])
        {
            NamedBy = namedBy, Skipped = [.. skipped.Except(failed)], Summaries = [.. summaries.Values],
        };
    }

    private static int Number(Group group) => group.Success && int.TryParse(group.Value, out var n) ? n : 0;

    /// <summary>A summary's counts by kind, summed: a kind written twice (text that only looks like a summary) adds up rather than throws.</summary>
    private static Dictionary<string, int> Counts(IEnumerable<Match> matches, Func<Match, string> kind) =>
        matches.GroupBy(kind).ToDictionary(g => g.Key, g => g.Sum(m => Number(m.Groups["n"])));

    // unittest: "FAIL: test_x (pkg.module.Class.test_x)", a subtest adds " (n=2)"; 3.10 and older write "(pkg.module.Class)".
    [GeneratedRegex(@"^(?<kind>FAIL|ERROR): (?<n>(?<method>\S+) \((?<id>[\w.]+)\))(?: \(.*\))?\s*$")]
    private static partial Regex UnittestFailure();

    // -v: "test_x (pkg.Class.test_x) ... ok"; a test with a docstring puts its first line between the name and " ... ok".
    [GeneratedRegex(@"^(?<n>\S+ \([\w.]+\))(?: \.\.\. (?<verdict>ok|skipped\b.*|expected failure))?\s*$")]
    private static partial Regex UnittestVerdict();

    [GeneratedRegex(@"^.+ \.\.\. (?<verdict>ok|skipped\b.*|expected failure)\s*$")]
    private static partial Regex UnittestDocstringVerdict();

    [GeneratedRegex(@"^Ran (?<n>\d+) tests? in \d[\d.]*s\s*$")]
    private static partial Regex UnittestRan();

    [GeneratedRegex(@"^(?<status>OK|FAILED)(?: \((?<parts>[^)]*)\))?\s*$")]
    private static partial Regex UnittestSummary();

    [GeneratedRegex(@"(?:^|, )(?<kind>failures|errors|skipped|expected failures|unexpected successes)=(?<n>\d+)")]
    private static partial Regex UnittestCount();

    private static readonly HashSet<string> ClassAndModuleFixtures = ["setUpClass", "tearDownClass", "setUpModule", "tearDownModule"];

    private static void Unittest(string[] lines, Builder report)
    {
        const string runner = "unittest";
        int named = 0, counted = 0;
        int? ran = null;
        var seen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (UnittestFailure().Match(line) is { Success: true } failure)
            {
                seen = true;
                named++;
                // A module that did not import is reported as a test of unittest's loader; a class or module fixture is no test either.
                if (failure.Groups["id"].Value.StartsWith("unittest.loader.", StringComparison.Ordinal) || ClassAndModuleFixtures.Contains(failure.Groups["method"].Value))
                    report.Unnamed($"{failure.Groups["kind"].Value}: {failure.Groups["n"].Value}");
                else
                    report.Fail(runner, failure.Groups["n"].Value);
            }
            else if (UnittestVerdict().Match(line) is { Success: true, Groups: var g } && g["verdict"].Success) Verdict(g["n"].Value, g["verdict"].Value);
            else if (i > 0 && UnittestDocstringVerdict().Match(line) is { Success: true } described
                && UnittestVerdict().Match(lines[i - 1]) is { Success: true, Groups: var header } && !header["verdict"].Success)
                Verdict(header["n"].Value, described.Groups["verdict"].Value);
            else if (UnittestRan().Match(line) is { Success: true } count) ran = Number(count.Groups["n"]);
            else if (UnittestSummary().Match(line) is { Success: true } summary)
            {
                var parts = Counts(UnittestCount().Matches(summary.Groups["parts"].Value), m => m.Groups["kind"].Value);
                int Part(string kind) => parts.GetValueOrDefault(kind);
                var failures = Part("failures") + Part("errors") + Part("unexpected successes");
                if (summary.Groups["status"].Value == "FAILED")
                {
                    seen = true;
                    counted += failures;
                }
                // "Ran N tests" then "OK" or "FAILED (...)": the whole summary; either alone is text that only looks like it.
                if (ran is { } total)
                {
                    var skipped = Part("skipped") + Part("expected failures");
                    report.Counted(new RunnerSummary(runner, total, Math.Max(0, total - failures - skipped), failures, skipped));
                    ran = null;
                }
            }
        }
        if (seen) report.Summary(runner, counted, named);

        void Verdict(string name, string verdict)
        {
            if (verdict == "ok") report.Pass(runner, name);
            else report.Skip(runner, name);
        }
    }

    // pytest's short summary: "FAILED tests/test_x.py::test_a - AssertionError: ..."; "ERROR" is a fixture or a file that did not collect.
    [GeneratedRegex(@"^(?<kind>FAILED|ERROR) (?<n>[^\s(]\S*?)(?: - .*)?\s*$")]
    private static partial Regex PytestFailure();

    // -v writes "path::test PASSED [ 50%]", -rA's short summary "PASSED path::test".
    [GeneratedRegex(@"^(?<n>\S+::\S+) (?<verdict>PASSED|SKIPPED|XFAIL)\b|^(?<verdict>PASSED|XFAIL) (?<n>\S+::\S+)(?: - .*)?\s*$")]
    private static partial Regex PytestVerdict();

    [GeneratedRegex(@"^=+ (?<s>.*\b(?:failed|passed|errors?|skipped|deselected|xfailed|xpassed)\b.*) in \d[\d.]*s\b.*=+\s*$")]
    private static partial Regex PytestSummary();

    [GeneratedRegex(@"(?<n>\d+) (?<kind>failed|errors?|passed|skipped|xfailed|xpassed)\b")]
    private static partial Regex PytestCount();

    private static void Pytest(string[] lines, Builder report)
    {
        const string runner = "pytest";
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (PytestFailure().Match(line) is { Success: true } failure)
            {
                named++;
                var name = failure.Groups["n"].Value;
                if (failure.Groups["kind"].Value == "FAILED" && name.Contains("::", StringComparison.Ordinal)) report.Fail(runner, name);
                else report.Unnamed($"{failure.Groups["kind"].Value} {name}");
            }
            else if (PytestVerdict().Match(line) is { Success: true } verdict)
            {
                if (verdict.Groups["verdict"].Value == "PASSED") report.Pass(runner, verdict.Groups["n"].Value);
                else report.Skip(runner, verdict.Groups["n"].Value);
            }
            else if (PytestSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                var counts = Counts(PytestCount().Matches(summary.Groups["s"].Value), m => m.Groups["kind"].Value.TrimEnd('s') switch { "error" => "failed", var k => k });
                int Count(string kind) => counts.GetValueOrDefault(kind);
                counted += Count("failed");
                var skipped = Count("skipped") + Count("xfailed") + Count("xpassed");
                report.Counted(new RunnerSummary(runner, Count("passed") + Count("failed") + skipped, Count("passed"), Count("failed"), skipped));
            }
        }
        if (seen) report.Summary(runner, counted, named);
    }

    // TAP 13/14 as node --test writes it: subtests indented, each result followed by an indented YAML block.
    [GeneratedRegex(@"^(?<indent> *)(?<status>not ok|ok) \d+(?: -)? (?<n>.*?)(?<directive> # (?i:SKIP|TODO)\b.*)?\s*$")]
    private static partial Regex TapResult();

    [GeneratedRegex(@"^# (?<kind>tests|pass|fail|skipped|todo) (?<n>\d+)\s*$")]
    private static partial Regex TapSummary();

    /// <summary>A "test" named as a script file is node running a test file that failed as a whole (it did not load or exited early).</summary>
    [GeneratedRegex(@"(?:^|[/\\])[^/\\]+\.[cm]?[jt]sx?$")]
    private static partial Regex ScriptFile();

    private static void Tap(string[] lines, Builder report)
    {
        const string runner = "TAP";
        var named = 0;
        var totals = new NodeSummary(runner, report);
        for (var i = 0; i < lines.Length; i++)
        {
            if (TapSummary().Match(lines[i]) is { Success: true } summary)
            {
                totals.Add(summary.Groups["kind"].Value, Number(summary.Groups["n"]));
                continue;
            }
            if (TapResult().Match(lines[i]) is not { Success: true } result || result.Groups["n"].Length == 0) continue;
            var name = result.Groups["n"].Value;
            var yaml = TapDiagnostics(lines, i + 1, result.Groups["indent"].Length + 2);
            // A suite fails when one of its tests does, and that test is named on its own.
            var suite = yaml.Contains("type: 'suite'") || yaml.Contains("failureType: 'subtestsFailed'");
            if (suite) continue;
            if (result.Groups["directive"].Success) { report.Skip(runner, name); continue; }
            if (result.Groups["status"].Value == "ok") { report.Pass(runner, name); continue; }
            named++;
            if (ScriptFile().IsMatch(name) || yaml.Any(l => l.StartsWith("exitCode:", StringComparison.Ordinal)))
                report.Unnamed($"not ok: {name} failed as a whole");
            else if (yaml.Contains("failureType: 'hookFailed'") || yaml.Contains("failureType: 'cancelledByParent'"))
                report.Unnamed($"not ok: {name} did not run to its end");
            else
                report.Fail(runner, name);
        }
        totals.Close(named);
    }

    /// <summary>
    /// node --test's summary lines, in TAP ("# tests 4") or spec form ("ℹ tests 4"): each "tests" line opens a run's
    /// summary, so a second run (watch mode, or two commands) is counted as its own.
    /// </summary>
    private sealed class NodeSummary(string runner, Builder report)
    {
        private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
        private int failed;
        private bool seen;

        public void Add(string kind, int n)
        {
            seen = true;
            if (kind == "tests") Count();
            if (kind == "fail") failed += n;
            counts[kind] = counts.GetValueOrDefault(kind) + n;
        }

        /// <summary>Counts the last run's summary and sets the failures it counted against the <paramref name="named"/> ones.</summary>
        public void Close(int named)
        {
            Count();
            if (seen) report.Summary(runner, failed, named);
        }

        private void Count()
        {
            if (!counts.ContainsKey("tests")) return;
            int Of(string kind) => counts.GetValueOrDefault(kind);
            report.Counted(new RunnerSummary(runner, Of("tests"), Of("pass"), Of("fail"), Of("skipped") + Of("todo")));
            counts.Clear();
        }
    }

    /// <summary>The trimmed lines of the YAML block that follows a TAP result at <paramref name="indent"/>.</summary>
    private static List<string> TapDiagnostics(string[] lines, int start, int indent)
    {
        var block = new List<string>();
        var prefix = new string(' ', indent);
        if (start >= lines.Length || lines[start] != prefix + "---") return block;
        for (var i = start + 1; i < lines.Length && i < start + 200 && lines[i] != prefix + "..."; i++) block.Add(lines[i].Trim());
        return block;
    }
}
