namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// The session's reproduction step as stored and served: the test and how it failed on the unpatched
/// revision, or why no reproduction stands (none could be built, or the one built did not fail as the
/// crash did and was discarded).
/// </summary>
/// <param name="Status"><see cref="Reproduced"/> or <see cref="NotReproduced"/>.</param>
/// <param name="Baseline">What the test caught on the unpatched revision, when it ran and failed.</param>
/// <param name="Output">The end of the unpatched run's output.</param>
public sealed record ReproductionRecord(string Status, string? Reason, string? Language, string? Path, string? Code, string? Command, string? Drives,
    ExpectedFailure? Expected, ObservedFailure? Baseline, int? BaselineExitCode, string? Output)
{
    public const string Reproduced = "reproduced";
    public const string NotReproduced = "not_reproduced";

    public static ReproductionRecord NotBuilt(string why) => new(NotReproduced, why, null, null, null, null, null, null, null, null, null);

    public static ReproductionRecord Of(ReproductionTest test, ReproductionRun? run, string? why) =>
        new(why is null ? Reproduced : NotReproduced, why, test.Language, test.Path, test.Code, test.Command, test.Drives, test.Expected, run?.Observed, run?.ExitCode, run?.Output);
}

/// <summary>A candidate's <c>validation.reproduction</c>: whether the reproduction passed with its patch.</summary>
public static class ReproductionOutcome
{
    public const string Passed = "passed";
    public const string Failed = "failed";

    /// <summary>No reproduction stands for the session, or the candidate never got as far as running it.</summary>
    public const string NotRun = "not_run";
}
