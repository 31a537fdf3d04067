using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// When the repository's own tests prove a candidate that no reproduction stands for: they are a
/// reproduction the team wrote, but only when the release's failure is theirs, test by test.
/// </summary>
public static class TestProof
{
    /// <summary>
    /// The tests that failed on the release and pass with the candidate, when they prove it: the candidate passed the
    /// sandbox, it adds no process exit or test skip (<see cref="ProofEscapes"/>), the release's failure is made of named
    /// failing tests only and its runner summed it up, nothing fails with the candidate that did not fail before, nothing
    /// fails with it without a name, and each flipped test is one the same runner names as passing with the candidate
    /// (<see cref="TestReport.FixedBy"/>). Empty otherwise: a release whose tests failed for a reason no test names (a build
    /// error, a module or test file that did not load, a runner that crashed or was stopped) proves nothing.
    /// </summary>
    public static IReadOnlyList<string> Flipped(BaselineResult baseline, CandidateResult result) =>
        result.Validated && result.Escapes.Count == 0 && baseline.Built && !baseline.TestsPassed && baseline.Tests.FailureNamed
            && result.Tests.Unnamed.Count == 0 && baseline.Tests.BrokenBy(result.Tests).Count == 0
            ? baseline.Tests.FixedBy(result.Tests)
            : [];

    /// <summary>At most a few names, then how many more: a step's detail stays one line.</summary>
    public static string Listed(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
}
