using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Added lines that can make a run read as passing without the code doing its work: a process exit (the runner never
/// reaches its verdict, the command still exits 0), a skip (the failing test never runs), or the reproduction's own
/// pass line or nonce, or a reach into the test framework, the process's environment or names built at run time (the
/// patched code runs inside the test process and could rewrite what the runner reports). A candidate that adds one is
/// never validated automatically, whatever its runs say; a person reads it. This is a list of what such code looks
/// like, not a proof that none hides: a patch is approved by a person, who sees these findings beside the diff.
/// </summary>
public static partial class ProofEscapes
{
    // Matched in code and comments alike: a comment costs a person's look, a missed exit costs a false "validated".
    // Any exit( or _exit( call spelled out (sys.exit, os._exit, process.exit, a bare exit); spellings built at run time fall under rewire.
    [GeneratedRegex(@"(?<exit>\b_?exit\s*\(|\bquit\s*\(|\b(?:os|process)\s*\.\s*abort\s*\(|\bSystemExit\b|\bprocess\s*\.\s*(?:reallyExit|kill)\s*\(|\bEnvironment\s*\.\s*(?:Exit|FailFast)\s*\()"
        + @"|(?<skip>\bpytest\s*\.\s*(?:skip|xfail|importorskip)\b|\bpytest\s*\.\s*mark\s*\.\s*(?:skip|skipif|xfail)\b|\bunittest\s*\.\s*(?:skip\w*|expectedFailure)\b|@\s*(?:skip\w*|expectedFailure)\b|\bskipTest\s*\(|\bSkipTest\b"
        + @"|\.\s*(?:skip|todo)\s*\(|\bskip\s*:|\btodo\s*:|\bSkip\s*=|\bt\s*\.\s*Skip\w*\s*\(|\[\s*Ignore\b|\bAssert\s*\.\s*(?:Ignore|Inconclusive)\s*\(|\bAssert\.Skip\w*\s*\()"
        + @"|(?<marker>BUGSAGE[-_]REPRODUCTION)"
        // The patched code runs inside the test process: reaching the test framework, the process or names built at run
        // time lets it rewrite what the runner reports (unittest.TestCase.assertEqual replaced, a name spelled 'ex' 'it').
        + @"|(?<rewire>\b(?:unittest|_?pytest|doctest|conftest|xunit|Xunit|NUnit|MSTest)\b|node:(?:test|assert)\b|\brequire\s*\(\s*['""](?:assert|module|child_process)['""]|\bModule\s*\.\s*_load\b"
        + @"|\b__import__\b|\bimportlib\b|\bsys\s*\.\s*modules\b|\bbuiltins\b|\b(?:getattr|setattr|delattr)\s*\(\s*(?:os|sys|builtins|__import__|unittest|pytest|type)\b|(?<![.\w])(?:exec|eval)\s*\("
        + @"|\bos\s*\.\s*(?:exec\w*|spawn\w*|kill|environ|getenv)\b|\bsubprocess\b"
        + @"|\bprocess\s*(?:\.\s*(?:on|once|exitCode|env|binding)\b|\[)|\bglobalThis\b|\bnew\s+Function\s*\(|\bEnvironment\s*\.\s*GetEnvironmentVariable|\bSystem\s*\.\s*Reflection\b|\bProcess\s*\.\s*(?:Start|GetCurrentProcess)\b)")]
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
            var kind = match.Groups["exit"].Success ? "a process exit" : match.Groups["skip"].Success ? "a test skip"
                : match.Groups["marker"].Success ? "the reproduction's own marker" : "a reach into the test framework, the process or names built at run time";
            found.Add($"{file}: adds {kind} ({match.Value.Trim()}): a run that ends early or skips a test can read as passing, so this candidate is never validated automatically");
            if (found.Count == MaxFindings) break;
        }
        return found;
    }
}
