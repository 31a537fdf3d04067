using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>The runners whose reports are lines of marks and names: node's spec reporter, dotnet test, Jest and Go.</summary>
public static partial class TestOutput
{
    // node --test's spec reporter: "✖ name (1.2ms)", nested under "▶ suite"; after "✖ failing tests:" it repeats the failures.
    [GeneratedRegex(@"^(?<indent>\s*)(?<mark>[✔✖]) (?<n>.+?) \(\d[\d.]*m?s\)(?<directive> # .*)?\s*$")]
    private static partial Regex SpecResult();

    [GeneratedRegex(@"^\s*▶ (?<n>.+?)(?: \(\d[\d.]*m?s\))?\s*$")]
    private static partial Regex SpecSuite();

    [GeneratedRegex(@"^ℹ fail (?<n>\d+)\s*$")]
    private static partial Regex SpecSummary();

    private static void NodeSpec(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        var suites = new HashSet<string>();
        var repeating = false;
        foreach (var line in lines)
        {
            if (SpecSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += Number(summary.Groups["n"]);
                // A second run's report follows.
                repeating = false;
                continue;
            }
            if (line.TrimEnd() == "✖ failing tests:") { repeating = true; continue; }
            if (SpecSuite().Match(line) is { Success: true } suite) { suites.Add(suite.Groups["n"].Value); continue; }
            if (repeating || SpecResult().Match(line) is not { Success: true } result) continue;
            var name = result.Groups["n"].Value;
            if (suites.Contains(name) || result.Groups["directive"].Success) continue;
            if (result.Groups["mark"].Value == "✔") { report.Pass(name); continue; }
            named++;
            if (ScriptFile().IsMatch(name)) report.Unnamed($"✖ {name} failed as a whole");
            else report.Fail(name);
        }
        if (seen) report.Summary("node --test", counted, named);
    }

    // dotnet test's console logger: "  Failed Namespace.Class.Method [12 ms]"; a theory's row carries its arguments.
    [GeneratedRegex(@"^\s*(?<status>Failed|Passed) (?<n>\S.*?) \[(?:< ?)?\d[\d.]* ?(?:ms|s|m)\]\s*$")]
    private static partial Regex DotnetResult();

    [GeneratedRegex(@"^\s*(?:Failed!|Passed!) +- +Failed: +(?<n>\d+),")]
    private static partial Regex DotnetSummary();

    [GeneratedRegex(@"(?:^|\s|:)error (?:CS|MSB|NU|NETSDK)\d+:|^\s*Test Run Aborted|The active test run was aborted|Testhost process for source\(s\) .* exited with error")]
    private static partial Regex DotnetUnnamed();

    private static void DotnetConsole(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (DotnetResult().Match(line) is { Success: true } result)
            {
                if (result.Groups["status"].Value == "Passed") { report.Pass(result.Groups["n"].Value); continue; }
                named++;
                report.Fail(result.Groups["n"].Value);
            }
            else if (DotnetSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += Number(summary.Groups["n"]);
            }
            else if (DotnetUnnamed().Match(line) is { Success: true } unnamed) report.Unnamed("dotnet: " + line.Trim());
        }
        if (seen) report.Summary("dotnet test", counted, named);
    }

    // Jest: "  ✕ name (5 ms)" and "  ✓ name"; "● Test suite failed to run" is a file that failed as a whole.
    [GeneratedRegex(@"^\s*(?<mark>[✕✓]) (?<n>.+?)(?: \(\d[\d.]* ?m?s\))?\s*$")]
    private static partial Regex JestResult();

    [GeneratedRegex(@"^Tests: +(?:(?<n>\d+) failed)?")]
    private static partial Regex JestSummary();

    private static void Jest(string[] lines, Builder report)
    {
        int named = 0, counted = 0;
        var seen = false;
        foreach (var line in lines)
        {
            if (JestResult().Match(line) is { Success: true } result)
            {
                if (result.Groups["mark"].Value == "✓") { report.Pass(result.Groups["n"].Value); continue; }
                named++;
                report.Fail(result.Groups["n"].Value);
            }
            else if (JestSummary().Match(line) is { Success: true } summary)
            {
                seen = true;
                counted += Number(summary.Groups["n"]);
            }
            else if (line.Trim() == "● Test suite failed to run") report.Unnamed("jest: a test suite failed to run");
        }
        if (seen) report.Summary("jest", counted, named);
    }

    // go test -v: "--- FAIL: TestX (0.00s)", subtests "    --- FAIL: TestX/case"; "FAIL pkg [build failed]" names none.
    [GeneratedRegex(@"^\s*--- (?<status>FAIL|PASS): (?<n>\S+) \(\d[\d.]*s\)\s*$")]
    private static partial Regex GoResult();

    [GeneratedRegex(@"^FAIL\s+\S+\s+\[(?<why>build failed|setup failed)\]")]
    private static partial Regex GoUnnamed();

    private static void Go(string[] lines, Builder report)
    {
        foreach (var line in lines)
        {
            if (GoResult().Match(line) is { Success: true } result)
            {
                if (result.Groups["status"].Value == "PASS") report.Pass(result.Groups["n"].Value);
                else report.Fail(result.Groups["n"].Value);
            }
            else if (GoUnnamed().Match(line) is { Success: true } unnamed) report.Unnamed("go: " + line.Trim());
        }
    }
}
