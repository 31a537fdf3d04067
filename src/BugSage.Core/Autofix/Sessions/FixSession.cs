namespace BugSage.Core.Autofix.Sessions;

/// <summary>One attempt to fix an issue: its steps, its candidates and their validation, then a person's decision.</summary>
public sealed class FixSession : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public long ProjectId { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>See <see cref="FixSessionStatus"/>.</summary>
    public string Status { get; set; } = FixSessionStatus.Queued;

    /// <summary>The configured model that proposed candidates; null for the offline engine.</summary>
    public long? ModelId { get; set; }

    /// <summary>The model's name when the session ran, kept in case its configuration is deleted.</summary>
    public string? ModelName { get; set; }
    public required string RequestedBy { get; set; }
    public long? RepositoryId { get; set; }
    public string? Revision { get; set; }

    /// <summary>JSON array of <see cref="FixStep"/>.</summary>
    public string Steps { get; set; } = "[]";

    /// <summary>JSON array of <see cref="FixCandidateRecord"/>.</summary>
    public string Candidates { get; set; } = "[]";

    /// <summary>JSON of <see cref="Autofix.Reproduction.ReproductionRecord"/>; null until the step ran (and for sessions older than it).</summary>
    public string? Reproduction { get; set; }

    /// <summary>JSON array of <see cref="Candidates.Agent.FixAgentCall"/>: every model and tool call of the model's fix step; null when no model was asked.</summary>
    public string? ModelTranscript { get; set; }
    public string? Error { get; set; }
    public int? ApprovedCandidateId { get; set; }
    public string? AppliedBranch { get; set; }
    public string? AppliedCommit { get; set; }

    /// <summary>Whether the applied branch was pushed to the repository's remote.</summary>
    public bool Pushed { get; set; }
    public string? PullRequestUrl { get; set; }
    public int? PullRequestNumber { get; set; }

    /// <summary>
    /// Set by the autofix policy's pull-request tier: once validated, the best candidate is approved
    /// by the policy and shipped as a pull request, which a person reviews and merges.
    /// </summary>
    public bool ShipWhenValidated { get; set; }

    /// <summary>When the fix's pull request was merged: the issue then resolves in the next release.</summary>
    public DateTime? MergedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
}

public static class FixSessionStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Running = Processing.LeasedWorkStatus.Running;
    public const string AwaitingApproval = "awaiting_approval";
    public const string Approved = "approved";
    public const string Applied = "applied";
    public const string Rejected = "rejected";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Queued, Running, AwaitingApproval, Approved, Applied, Rejected, Failed, Cancelled];
}

public sealed record FixStep(string Name, string Status, DateTime StartedAt, DateTime? FinishedAt, string? Detail);

public sealed record FixValidation(bool Applied, bool Built, bool TestsPassed, IReadOnlyList<string> TestsFailed, IReadOnlyList<string> NewFailures, bool NetworkIsolated, string Log)
{
    /// <summary>The session's reproduction with this candidate; all false and not run for sessions older than the step.</summary>
    public CandidateReproduction Reproduction { get; init; } = CandidateReproduction.NotRun;

    /// <summary>The repository's tests that failed on the release and pass with this candidate, as their runner named them.</summary>
    public IReadOnlyList<string> TestsFlipped { get; init; } = [];
}

/// <param name="Built">A reproduction was written for the session.</param>
/// <param name="FailedBefore">It failed on the unpatched revision as the crash did, so it stands.</param>
/// <param name="PassesAfter">It passed with this candidate's patch.</param>
/// <param name="Outcome">
/// <see cref="Autofix.Reproduction.ReproductionOutcome.Passed"/>, <see cref="Autofix.Reproduction.ReproductionOutcome.Failed"/>
/// (it still fails with the patch) or <see cref="Autofix.Reproduction.ReproductionOutcome.NotRun"/> (none stood, or the candidate did not build).
/// </param>
public sealed record CandidateReproduction(bool Built, bool FailedBefore, bool PassesAfter, string Outcome)
{
    public static CandidateReproduction NotRun { get; } = new(false, false, false, Autofix.Reproduction.ReproductionOutcome.NotRun);
}

/// <param name="Origin">Who proposed it: <c>offline engine</c> or the configured model's name.</param>
public sealed record FixCandidateRecord(int Id, int Rank, string Summary, string Diff, bool Validated, double Risk, IReadOnlyList<string> Problems, FixValidation Validation,
    string Origin = FixCandidateRecord.OfflineOrigin)
{
    public const string OfflineOrigin = "offline engine";

    /// <summary>Why a person must look closer before approving: the fix edits a file that runs during validation (the analysis named it as the culprit).</summary>
    public IReadOnlyList<string> ExtraReview { get; init; } = [];

    /// <summary>
    /// <see cref="Candidates.CandidateKind.Fix"/> or <see cref="Candidates.CandidateKind.Mitigation"/>: a
    /// mitigation only stops the crash and is never <see cref="Validated"/>. Candidates stored before
    /// the distinction read as fixes, as they were shown then.
    /// </summary>
    public string Kind { get; init; } = Candidates.CandidateKind.Fix;

    /// <summary>The evidence for the kind: for a mitigation, what in the code made it one; for a fix, what overrode that (the repository's own tests); else null.</summary>
    public string? KindReason { get; init; }

    /// <summary>Whether the sandbox passed it (applied, built, static checks, tests): for a mitigation, "stops the crash" at most, never "validated".</summary>
    public bool PassedSandbox { get; init; }
}
