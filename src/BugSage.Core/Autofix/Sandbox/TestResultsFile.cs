using System.Text.RegularExpressions;
using System.Xml;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// <c>dotnet test</c>'s TRX results: every test's full name and outcome, whatever the console logger's
/// verbosity or width. A test command that is a plain <c>dotnet test</c> is run so it writes them
/// (<see cref="Command"/>), and they are read back in place of its console lines.
/// </summary>
public static partial class TestResultsFile
{
    /// <summary>A folder, in the worktree, for one run's results: named afresh, so no committed file can stand in for them.</summary>
    public static string NewFolder() => $".bugsage-test-results-{Guid.NewGuid():N}";

    /// <summary>Results files larger than this, or more of them than <see cref="MaxFiles"/>, are not read.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public const int MaxFiles = 32;

    // A single dotnet test with plain arguments: nothing after it that a logger option could change the meaning of.
    [GeneratedRegex(@"^\s*dotnet\s+test(?:\s+[\w./:=@+,-]+)*\s*$")]
    private static partial Regex PlainDotnetTest();

    /// <summary>The test command, with a TRX logger added when it is a plain <c>dotnet test</c>; otherwise unchanged.</summary>
    public static string Command(string testCommand, string folder) =>
        PlainDotnetTest().IsMatch(testCommand) && !testCommand.Contains("--logger", StringComparison.Ordinal) && !testCommand.Contains("--results-directory", StringComparison.Ordinal)
            ? $"{testCommand.TrimEnd()} --logger trx --results-directory {folder}"
            : testCommand;

    /// <summary>
    /// The report of the TRX files the run wrote in <paramref name="tree"/>, or null when it wrote none
    /// (or wrote them through a link, or too large to read). The console's own lines are kept for what
    /// the TRX cannot say: a build error or an aborted run is in <paramref name="console"/>'s unnamed failures.
    /// </summary>
    public static TestReport? ReadFrom(string tree, string results, TestReport console)
    {
        var folder = new DirectoryInfo(Path.Combine(tree, results));
        if (!folder.Exists || folder.LinkTarget is not null) return null;
        var files = folder.EnumerateFiles("*.trx", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint })
            .Take(MaxFiles + 1).ToList();
        if (files.Count is 0 or > MaxFiles || files.Any(f => f.LinkTarget is not null || f.Length > MaxBytes)) return null;
        var reports = files.Select(f => Read(File.ReadAllText(f.FullName))).ToList();
        var failed = reports.SelectMany(r => r.Failed).Distinct().ToList();
        return new TestReport(failed, [.. reports.SelectMany(r => r.Passed).Distinct().Except(failed)],
            [.. reports.SelectMany(r => r.Unnamed).Concat(console.Unnamed.Where(u => !u.StartsWith("dotnet test counts", StringComparison.Ordinal))).Distinct()]);
    }

    /// <summary>Reads one TRX document; one that is not well-formed names nothing and says so.</summary>
    public static TestReport Read(string xml)
    {
        var failed = new List<string>();
        var passed = new List<string>();
        var unnamed = new List<string>();
        var counted = 0;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.LocalName == "UnitTestResult" && reader.GetAttribute("testName") is { Length: > 0 } name)
                {
                    switch (reader.GetAttribute("outcome"))
                    {
                        case "Passed": passed.Add(name); break;
                        case "Failed": failed.Add(name); break;
                        // A test that timed out or whose host died was stopped, not proven wrong.
                        case "Timeout" or "Aborted" or "Error": unnamed.Add($"trx: {name} {reader.GetAttribute("outcome")!.ToLowerInvariant()}"); break;
                    }
                }
                // RunInfo "errors" are the adapter's own messages (xunit writes each [FAIL] there): an aborted run shows in the console instead.
                else if (reader.LocalName == "Counters")
                    counted += new[] { "failed", "error", "timeout", "aborted" }.Sum(a => int.TryParse(reader.GetAttribute(a), out var n) ? n : 0);
            }
        }
        catch (XmlException e)
        {
            return new TestReport([], [], ["trx: not readable: " + e.Message]);
        }
        var named = failed.Count + unnamed.Count;
        if (counted > named) unnamed.Add($"trx counts {counted} failures, {named} named");
        return new TestReport([.. failed.Distinct()], [.. passed.Distinct().Except(failed)], [.. unnamed.Distinct()]);
    }
}
