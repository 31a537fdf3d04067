using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Added lines that can make a run read as passing without the code doing its work: a process exit (the runner never
/// reaches its verdict, the command still exits 0), a skip (the failing test never runs), or the reproduction's own
/// pass line or nonce. A candidate that adds one is never validated automatically, whatever its runs say; a person reads it.
/// </summary>
public static partial class ProofEscapes
{
    // Matched in code and comments alike: a comment costs a person's look, a missed exit costs a false "validated".
    // Any exit( or _exit( call, however reached (sys.exit, os._exit, __import__('os')._exit, process.exit, a bare exit).
    [GeneratedRegex(@"(?<exit>\b_?exit\s*\(|\bquit\s*\(|\b(?:os|process)\s*\.\s*abort\s*\(|\bSystemExit\b|\bprocess\s*\.\s*(?:reallyExit|kill)\s*\(|\bEnvironment\s*\.\s*(?:Exit|FailFast)\s*\()"
        + @"|(?<skip>\bpytest\s*\.\s*(?:skip|xfail|importorskip)\b|\bpytest\s*\.\s*mark\s*\.\s*(?:skip|skipif|xfail)\b|\bunittest\s*\.\s*(?:skip\w*|expectedFailure)\b|@\s*(?:skip\w*|expectedFailure)\b|\bskipTest\s*\(|\bSkipTest\b"
        + @"|\.\s*(?:skip|todo)\s*\(|\bskip\s*:|\btodo\s*:|\bSkip\s*=|\bt\s*\.\s*Skip\w*\s*\(|\[\s*Ignore\b|\bAssert\s*\.\s*(?:Ignore|Inconclusive)\s*\(|\bAssert\.Skip\w*\s*\()"
        + @"|(?<marker>BUGSAGE[-_]REPRODUCTION)")]
    private static partial Regex Escape();

    /// <summary>At most this many findings are listed: one is enough to withhold validation.</summary>
    public const int MaxFindings = 5;

    /// <summary>Each added line of <paramref name="diff"/> that holds an escape, with what it is; empty when none does.</summary>
    public static IReadOnlyList<string> In(string diff)
    {
        var found = new List<string>();
        var file = "";
        foreach (var line in diff.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal)) { file = line[4..].Trim() is var path && path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path; continue; }
            if (!line.StartsWith('+')) continue;
            if (line.Length > UntrustedText.MaxMatchedLength)
            {
                // Too long to read with bounded cost: what it hides cannot be ruled out.
                found.Add($"{file}: adds a line longer than {UntrustedText.MaxMatchedLength} characters, not read for process exits or test skips, so this candidate is never validated automatically");
                if (found.Count == MaxFindings) break;
                continue;
            }
            if (Escape().Match(line) is not { Success: true } match) continue;
            var kind = match.Groups["exit"].Success ? "a process exit" : match.Groups["skip"].Success ? "a test skip" : "the reproduction's own marker";
            found.Add($"{file}: adds {kind} ({match.Value.Trim()}): a run that ends early or skips a test can read as passing, so this candidate is never validated automatically");
            if (found.Count == MaxFindings) break;
        }
        return found;
    }
}
