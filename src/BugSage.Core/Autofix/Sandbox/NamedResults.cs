using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Makes a test command name every test's result, so a test counts as passed only where its runner says so:
/// unittest gets <c>-v</c>, pytest gets <c>-rA</c> (through <c>PYTEST_ADDOPTS</c>, so it reaches pytest however the
/// command starts it), and a plain <c>dotnet test</c> writes a TRX file (<see cref="TestResultsFile"/>). node --test
/// names every test in both its reporters already.
/// </summary>
public static partial class NamedResults
{
    /// <summary>pytest reads extra options from this variable; <c>-rA</c> lists every outcome, passes included, in its short summary.</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string> { ["PYTEST_ADDOPTS"] = "-rA" };

    // "python3 -m unittest [args]" up to the next shell operator.
    [GeneratedRegex(@"(?<run>\bpython[\d.]*(?:\s+-[A-Za-z]+)*\s+-m\s+unittest\b)(?<args>[^;&|\n)]*)")]
    private static partial Regex Unittest();

    [GeneratedRegex(@"(?:^|\s)(?:-v|--verbose|-[a-z]*v[a-z]*)(?=\s|$)")]
    private static partial Regex Verbose();

    /// <summary>The command with <c>-v</c> after each unittest run's arguments that lacks it; unchanged otherwise.</summary>
    public static string Command(string testCommand) =>
        Unittest().Replace(testCommand, m => Verbose().IsMatch(m.Groups["args"].Value)
            ? m.Value
            : m.Groups["run"].Value + m.Groups["args"].Value.TrimEnd() + " -v" + m.Groups["args"].Value[m.Groups["args"].Value.TrimEnd().Length..]);
}
