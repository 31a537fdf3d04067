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

    /// <summary>Collects names in order, once each; each runner's failures are counted against its summary.</summary>
    private sealed class Builder
    {
        private readonly List<string> failed = [];
        private readonly List<string> passed = [];
        private readonly List<string> unnamed = [];

        public void Fail(string name) { if (!failed.Contains(name)) failed.Add(name); }
        public void Pass(string name) { if (!passed.Contains(name)) passed.Add(name); }
        public void Unnamed(string why) { if (!unnamed.Contains(why)) unnamed.Add(why); }

        /// <summary>A summary that counts more failures than the runner's lines named means some failed without a name.</summary>
        public void Summary(string runner, int counted, int named)
        {
            if (counted > named) Unnamed($"{runner} counts {counted} failure{(counted == 1 ? "" : "s")}, {named} named");
        }

        public TestReport Build() => new([.. failed], [.. passed.Except(failed)], [.. unnamed]);
    }

    private static int Number(Group group) => group.Success && int.TryParse(group.Value, out var n) ? n : 0;

    // unittest: "FAIL: test_x (pkg.module.Class.test_x)", a subtest adds " (n=2)"; 3.10 and older write "(pkg.module.Class)".
    [GeneratedRegex(@"^(?<kind>FAIL|ERROR): (?<n>(?<method>\S+) \((?<id>[\w.]+)\))(?: \(.*\))?\s*$")]
    private static partial Regex UnittestFailure();

    [GeneratedRegex(@"^(?<n>\S+ \([\w.]+\)) \.\.\. ok\s*$")]
    private static partial Regex UnittestPass();

    [GeneratedRegex(@"^FAILED \((?<parts>[^)]*)\)\s*$")]
    private static partial Regex UnittestSummary();

    [GeneratedRegex(@"(?:^|, )(?:failures|errors|unexpected successes)=(?<n>\d+)")]
    private static partial Regex UnittestCount();

    private static readonly HashSet<string> ClassAndModuleFixtures = ["setUpClass", "tearDownClass", "setUpModule", "tearDownModule"];

    private static void Unittest(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (UnittestFailure().Match(line) is { Success: true } failure)
            {
                seen = true;
                named++;
                // A module that did not import is reported as a test of unittest's loader; a class or module fixture is no test either.
                if (failure.Groups["id"].Value.StartsWith("unittest.loader.", StringComparison.Ordinal) || ClassAndModuleFixtures.Contains(failure.Groups["method"].Value))
                    report.Unnamed($"{failure.Groups["kind"].Value}: {failure.Groups["n"].Value}");
                else
                    report.Fail(failure.Groups["n"].Value);
            }
            else if (UnittestPass().Match(line) is { Success: true } pass) report.Pass(pass.Groups["n"].Value);
            else if (UnittestSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += UnittestCount().Matches(summary.Groups["parts"].Value).Sum(m => Number(m.Groups["n"]));
            }
        }
        if (seen) report.Summary("unittest", counted, named);
    }

    // pytest's short summary: "FAILED tests/test_x.py::test_a - AssertionError: ..."; "ERROR" is a fixture or a file that did not collect.
    [GeneratedRegex(@"^(?<kind>FAILED|ERROR) (?<n>[^\s(]\S*?)(?: - .*)?\s*$")]
    private static partial Regex PytestFailure();

    [GeneratedRegex(@"^(?<n>\S+::\S+) PASSED\b|^PASSED (?<n>\S+::\S+)\s*$")]
    private static partial Regex PytestPass();

    [GeneratedRegex(@"^=+ (?<s>.*\b(?:failed|passed|errors?|skipped|deselected)\b.*) in \d[\d.]*s\b.*=+\s*$")]
    private static partial Regex PytestSummary();

    [GeneratedRegex(@"(?<n>\d+) (?:failed|errors?)\b")]
    private static partial Regex PytestCount();

    private static void Pytest(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (PytestFailure().Match(line) is { Success: true } failure)
            {
                named++;
                var name = failure.Groups["n"].Value;
                if (failure.Groups["kind"].Value == "FAILED" && name.Contains("::", StringComparison.Ordinal)) report.Fail(name);
                else report.Unnamed($"{failure.Groups["kind"].Value} {name}");
            }
            else if (PytestPass().Match(line) is { Success: true } pass) report.Pass(pass.Groups["n"].Value);
            else if (PytestSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += PytestCount().Matches(summary.Groups["s"].Value).Sum(m => Number(m.Groups["n"]));
            }
        }
        if (seen) report.Summary("pytest", counted, named);
    }

    // TAP 13/14 as node --test writes it: subtests indented, each result followed by an indented YAML block.
    [GeneratedRegex(@"^(?<indent> *)(?<status>not ok|ok) \d+(?: -)? (?<n>.*?)(?<directive> # (?i:SKIP|TODO)\b.*)?\s*$")]
    private static partial Regex TapResult();

    [GeneratedRegex(@"^# fail (?<n>\d+)\s*$")]
    private static partial Regex TapSummary();

    /// <summary>A "test" named as a script file is node running a test file that failed as a whole (it did not load or exited early).</summary>
    [GeneratedRegex(@"(?:^|[/\\])[^/\\]+\.[cm]?[jt]sx?$")]
    private static partial Regex ScriptFile();

    private static void Tap(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (TapSummary().Match(lines[i]) is { Success: true } summary)
            {
                seen = true;
                counted += Number(summary.Groups["n"]);
                continue;
            }
            if (TapResult().Match(lines[i]) is not { Success: true } result || result.Groups["n"].Length == 0) continue;
            var name = result.Groups["n"].Value;
            var yaml = TapDiagnostics(lines, i + 1, result.Groups["indent"].Length + 2);
            // A suite fails when one of its tests does, and that test is named on its own.
            var suite = yaml.Contains("type: 'suite'") || yaml.Contains("failureType: 'subtestsFailed'");
            if (result.Groups["directive"].Success || suite) continue;
            if (result.Groups["status"].Value == "ok") { report.Pass(name); continue; }
            named++;
            if (ScriptFile().IsMatch(name) || yaml.Any(l => l.StartsWith("exitCode:", StringComparison.Ordinal)))
                report.Unnamed($"not ok: {name} failed as a whole");
            else if (yaml.Contains("failureType: 'hookFailed'") || yaml.Contains("failureType: 'cancelledByParent'"))
                report.Unnamed($"not ok: {name} did not run to its end");
            else
                report.Fail(name);
        }
        if (seen) report.Summary("TAP", counted, named);
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
