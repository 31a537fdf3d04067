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
    /// <summary>The one file name the logger is told to write: anything else in the folder was not written by it.</summary>
    public const string FileName = "bugsage-results.trx";

    /// <summary>
    /// A folder, in the worktree, for one run's results: named afresh (no committed file can stand in for them), and
    /// created empty by <see cref="Prepare"/> just before the run, so whatever is in it afterwards was written during it.
    /// </summary>
    public static string NewFolder() => $".bugsage-test-results-{Guid.NewGuid():N}";

    /// <summary>Creates <paramref name="results"/> empty in <paramref name="tree"/>, removing whatever (a file, a link, a folder) is there.</summary>
    public static void Prepare(string tree, string results)
    {
        var path = Path.Combine(tree, results);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists) info.Delete();
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
    }

    /// <summary>Results files larger than this are not read.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    // A single dotnet test with plain arguments: nothing after it that a logger option could change the meaning of.
    [GeneratedRegex(@"^\s*dotnet\s+test(?:\s+[\w./:=@+,-]+)*\s*$")]
    private static partial Regex PlainDotnetTest();

    /// <summary>The test command, with a TRX logger writing <see cref="FileName"/> added when it is a plain <c>dotnet test</c>; otherwise unchanged.</summary>
    public static string Command(string testCommand, string folder) =>
        PlainDotnetTest().IsMatch(testCommand) && !testCommand.Contains("--logger", StringComparison.Ordinal) && !testCommand.Contains("--results-directory", StringComparison.Ordinal)
            ? $"{testCommand.TrimEnd()} --logger 'trx;LogFileName={FileName}' --results-directory {folder}"
            : testCommand;

    /// <summary>
    /// The report of the TRX file the logger wrote in <paramref name="tree"/>'s results folder, or null when it wrote none.
    /// Only <see cref="FileName"/> is read, and only when it is a plain file written after <paramref name="started"/> and
    /// nothing else is in the folder: a file the tests themselves planted there is never read as the logger's. The console's
    /// own lines are kept for what the TRX cannot say: a build error or an aborted run is in <paramref name="console"/>'s unnamed failures.
    /// </summary>
    public static TestReport? ReadFrom(string tree, string results, TestReport console, DateTime started)
    {
        var folder = new DirectoryInfo(Path.Combine(tree, results));
        if (!folder.Exists || folder.LinkTarget is not null) return null;
        var entries = folder.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 }).Take(2).ToList();
        var file = new FileInfo(Path.Combine(folder.FullName, FileName));
        if (!file.Exists) return null;
        if (entries.Count != 1 || file.LinkTarget is not null || file.Length > MaxBytes || file.LastWriteTimeUtc < started)
            return new TestReport([], [], ["trx: the results folder holds something the logger did not write, so no result in it is read"]);
        var report = Read(File.ReadAllText(file.FullName));
        return report with { Unnamed = [.. report.Unnamed.Concat(console.Unnamed.Where(u => !u.StartsWith("dotnet test counts", StringComparison.Ordinal))).Distinct()] };
    }

    /// <summary>
    /// What a run that was told to write a TRX file and wrote none proves: nothing passed. Its console may still name
    /// failures (a build error, a crash), but a line printed by the code under test can look like a pass: a test that
    /// stops the logger (an exit, a killed host, a deleted file) must not leave its own printout to be read instead.
    /// The file itself is not beyond the code under test either (the logger and the tests run as one sandbox user in a
    /// writable worktree, so a test could write it): that is why a person approves every fix, and docs/autofix.md says so.
    /// </summary>
    public static TestReport Missing(TestReport console) =>
        new(console.Failed, [], [.. console.Unnamed, "trx: the run wrote no results file, so no test it printed as passing counts"])
        {
            NamedBy = console.NamedBy.Where(n => console.Failed.Contains(n.Key)).ToDictionary(n => n.Key, n => n.Value),
        };

    /// <summary>Reads one TRX document; one that is not well-formed names nothing and says so.</summary>
    public static TestReport Read(string xml)
    {
        const string runner = "trx";
        var failed = new List<string>();
        var passed = new List<string>();
        var skipped = new List<string>();
        var unnamed = new List<string>();
        var counted = 0;
        RunnerSummary? summary = null;
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
                        case "NotExecuted": skipped.Add(name); break;
                        // A test that timed out or whose host died was stopped, not proven wrong.
                        case "Timeout" or "Aborted" or "Error": unnamed.Add($"trx: {name} {reader.GetAttribute("outcome")!.ToLowerInvariant()}"); break;
                    }
                }
                // RunInfo "errors" are the adapter's own messages (xunit writes each [FAIL] there): an aborted run shows in the console instead.
                else if (reader.LocalName == "Counters")
                {
                    int Count(string attribute) => int.TryParse(reader.GetAttribute(attribute), out var n) ? n : 0;
                    var failures = new[] { "failed", "error", "timeout", "aborted" }.Sum(Count);
                    counted += failures;
                    summary = new RunnerSummary(runner, Count("total"), Count("passed"), failures, Count("notExecuted"));
                }
            }
        }
        catch (XmlException e)
        {
            return new TestReport([], [], ["trx: not readable: " + e.Message]);
        }
        var named = failed.Count + unnamed.Count;
        if (counted > named) unnamed.Add($"trx counts {counted} failures, {named} named");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in failed.Concat(passed).Concat(skipped)) names.TryAdd(name, runner);
        return new TestReport([.. failed.Distinct()], [.. passed.Distinct().Except(failed)], [.. unnamed.Distinct()])
        {
            NamedBy = names, Skipped = [.. skipped.Distinct().Except(failed)], Summaries = summary is null ? [] : [summary],
        };
    }
}
