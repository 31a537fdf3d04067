using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>The runners whose reports are lines of marks and names: node's spec reporter, dotnet test, Jest and Go.</summary>
public static partial class TestOutput
{
    // node --test's spec reporter: "✖ name (1.2ms)", nested under "▶ suite"; after "✖ failing tests:" it repeats the failures.
    [GeneratedRegex(@"^(?<indent>\s*)(?<mark>[✔✖﹣]) (?<n>.+?) \(\d[\d.]*m?s\)(?<directive> # .*)?\s*$")]
    private static partial Regex SpecResult();

    [GeneratedRegex(@"^\s*▶ (?<n>.+?)(?: \(\d[\d.]*m?s\))?\s*$")]
    private static partial Regex SpecSuite();

    [GeneratedRegex(@"^ℹ (?<kind>tests|pass|fail|skipped|todo) (?<n>\d+)\s*$")]
    private static partial Regex SpecSummary();

    private static void NodeSpec(string[] lines, Builder report)
    {
        const string runner = "node --test";
        var named = 0;
        var totals = new NodeSummary(runner, report);
        var suites = new HashSet<string>();
        var repeating = false;
        foreach (var line in lines)
        {
            if (SpecSummary().Match(line) is { Success: true } summary)
            {
                totals.Add(summary.Groups["kind"].Value, Number(summary.Groups["n"]));
                // A second run's report follows.
                repeating = false;
                continue;
            }
            if (line.TrimEnd() == "✖ failing tests:") { repeating = true; continue; }
            if (SpecSuite().Match(line) is { Success: true } suite) { suites.Add(suite.Groups["n"].Value); continue; }
            if (repeating || SpecResult().Match(line) is not { Success: true } result) continue;
            var name = result.Groups["n"].Value;
            if (suites.Contains(name)) continue;
            if (result.Groups["directive"].Success || result.Groups["mark"].Value == "﹣") { report.Skip(runner, name); continue; }
            if (result.Groups["mark"].Value == "✔") { report.Pass(runner, name); continue; }
            named++;
            if (ScriptFile().IsMatch(name)) report.Unnamed($"✖ {name} failed as a whole");
            else report.Fail(runner, name);
        }
        totals.Close(named);
    }

    // dotnet test's console logger: "  Failed Namespace.Class.Method [12 ms]"; a theory's row carries its arguments.
    [GeneratedRegex(@"^\s*(?<status>Failed|Passed|Skipped) (?<n>\S.*?) \[(?:< ?)?\d[\d.]* ?(?:ms|s|m)\]\s*$")]
    private static partial Regex DotnetResult();

    [GeneratedRegex(@"^\s*(?:Failed!|Passed!) +- +Failed: +(?<failed>\d+), +Passed: +(?<passed>\d+), +Skipped: +(?<skipped>\d+), +Total: +(?<total>\d+)")]
    private static partial Regex DotnetSummary();

    // The detailed logger's summary: "Total tests: 4" then "     Passed: 2", "     Failed: 2", "    Skipped: 1" on their own lines.
    [GeneratedRegex(@"^Total tests: (?<n>\d+)\s*$")]
    private static partial Regex DotnetTotal();

    [GeneratedRegex(@"^\s+(?<kind>Passed|Failed|Skipped): (?<n>\d+)\s*$")]
    private static partial Regex DotnetCount();

    [GeneratedRegex(@"(?:^|\s|:)error (?:CS|MSB|NU|NETSDK)\d+:|^\s*Test Run Aborted|The active test run was aborted|Testhost process for source\(s\) .* exited with error")]
    private static partial Regex DotnetUnnamed();

    private static void DotnetConsole(string[] lines, Builder report)
    {
        const string runner = "dotnet test";
        int named = 0, counted = 0;
        var seen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (DotnetResult().Match(line) is { Success: true } result)
            {
                switch (result.Groups["status"].Value)
                {
                    case "Passed": report.Pass(runner, result.Groups["n"].Value); break;
                    case "Skipped": report.Skip(runner, result.Groups["n"].Value); break;
                    default: named++; report.Fail(runner, result.Groups["n"].Value); break;
                }
            }
            else if (DotnetSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += Number(summary.Groups["failed"]);
                report.Counted(new RunnerSummary(runner, Number(summary.Groups["total"]), Number(summary.Groups["passed"]), Number(summary.Groups["failed"]), Number(summary.Groups["skipped"])));
            }
            else if (DotnetTotal().Match(line) is { Success: true } total)
            {
                var counts = Counts(lines.Skip(i + 1).Take(4).Select(l => DotnetCount().Match(l)).TakeWhile(m => m.Success), m => m.Groups["kind"].Value);
                seen = true;
                counted += counts.GetValueOrDefault("Failed");
                report.Counted(new RunnerSummary(runner, Number(total.Groups["n"]), counts.GetValueOrDefault("Passed"), counts.GetValueOrDefault("Failed"), counts.GetValueOrDefault("Skipped")));
            }
            else if (DotnetUnnamed().Match(line) is { Success: true }) report.Unnamed("dotnet: " + line.Trim());
        }
        if (seen) report.Summary(runner, counted, named);
    }

    // Jest: "  ✕ name (5 ms)", "  ✓ name" and "  ○ skipped name"; "● Test suite failed to run" is a file that failed as a whole.
    [GeneratedRegex(@"^\s*(?<mark>[✕✓○]) (?:skipped |todo )?(?<n>.+?)(?: \(\d[\d.]* ?m?s\))?\s*$")]
    private static partial Regex JestResult();

    [GeneratedRegex(@"^Tests: +(?<s>.*\b\d+ total)\s*$")]
    private static partial Regex JestSummary();

    [GeneratedRegex(@"(?<n>\d+) (?<kind>failed|passed|skipped|todo|total)\b")]
    private static partial Regex JestCount();

    private static void Jest(string[] lines, Builder report)
    {
        const string runner = "jest";
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (JestResult().Match(line) is { Success: true } result)
            {
                switch (result.Groups["mark"].Value)
                {
                    case "✓": report.Pass(runner, result.Groups["n"].Value); break;
                    case "○": report.Skip(runner, result.Groups["n"].Value); break;
                    default: named++; report.Fail(runner, result.Groups["n"].Value); break;
                }
            }
            else if (JestSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                var counts = Counts(JestCount().Matches(summary.Groups["s"].Value), m => m.Groups["kind"].Value);
                int Count(string kind) => counts.GetValueOrDefault(kind);
                counted += Count("failed");
                report.Counted(new RunnerSummary(runner, Count("total"), Count("passed"), Count("failed"), Count("skipped") + Count("todo")));
            }
            else if (line.Trim() == "● Test suite failed to run") report.Unnamed("jest: a test suite failed to run");
        }
        if (seen) report.Summary(runner, counted, named);
    }

    // go test -v: "--- FAIL: TestX (0.00s)", subtests "    --- FAIL: TestX/case"; "FAIL pkg [build failed]" names none.
    [GeneratedRegex(@"^\s*--- (?<status>FAIL|PASS|SKIP): (?<n>\S+) \(\d[\d.]*s\)\s*$")]
    private static partial Regex GoResult();

    [GeneratedRegex(@"^FAIL\s+\S+\s+\[(?<why>build failed|setup failed)\]")]
    private static partial Regex GoUnnamed();

    // A package's last line: "ok  pkg 0.01s" or "FAIL pkg 0.01s". It carries no counts, so go's summary is what -v named.
    [GeneratedRegex(@"^(?:ok|FAIL)\s+\S+\s+(?:\d[\d.]*s|\(cached\))\s*$")]
    private static partial Regex GoPackage();

    private static void Go(string[] lines, Builder report)
    {
        const string runner = "go test";
        int passed = 0, failed = 0, skipped = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (GoResult().Match(line) is { Success: true } result)
            {
                switch (result.Groups["status"].Value)
                {
                    case "PASS": passed++; report.Pass(runner, result.Groups["n"].Value); break;
                    case "SKIP": skipped++; report.Skip(runner, result.Groups["n"].Value); break;
                    default: failed++; report.Fail(runner, result.Groups["n"].Value); break;
                }
            }
            else if (GoUnnamed().Match(line) is { Success: true }) report.Unnamed("go: " + line.Trim());
            else if (GoPackage().IsMatch(line)) seen = true;
        }
        if (seen) report.Counted(new RunnerSummary(runner, passed + failed + skipped, passed, failed, skipped));
    }
}
