using System.ComponentModel.DataAnnotations;
using BugSage.Core.Autofix.Sessions;

namespace BugSage.Server.FixSessions;

public sealed record FixSessionSummary(long Id, long IssueId, string Status, long? ModelId, string ModelName, string RequestedBy, DateTime CreatedAt, DateTime? FinishedAt);

public sealed record FixSessionDto(long Id, long IssueId, string Status, long? ModelId, string ModelName, string RequestedBy, long? RepositoryId, string? Revision,
    string? Error, DateTime CreatedAt, DateTime? FinishedAt, IReadOnlyList<FixStep> Steps, IReadOnlyList<FixCandidateRecord> Candidates,
    int? ApprovedCandidateId, string? AppliedBranch, string? AppliedCommit, bool Pushed, string? PullRequestUrl, DateTime? MergedAt)
{
    /// <summary>A validated candidate edits a file that runs during validation: approving it needs a comment.</summary>
    public bool NeedsExtraReview => Candidates.Any(c => c.Validated && c.ExtraReview.Count > 0);

    /// <summary>The reproduction step: the test written from the event and how it failed on the unpatched revision, or why none stands; null before the step ran.</summary>
    public Core.Autofix.Reproduction.ReproductionRecord? Reproduction { get; init; }

    /// <summary>Every call of the model's fix step, in order (model calls with their tokens and cost, tool calls with their arguments and answers); empty when no model was asked.</summary>
    public IReadOnlyList<Core.Autofix.Candidates.Agent.FixAgentCall> ModelTranscript { get; init; } = [];
}

public sealed record FixSessionList(IReadOnlyList<FixSessionSummary> Items, int Total);

/// <summary>The list's filters; <paramref name="ProjectId"/> narrows it to one project.</summary>
public sealed record FixSessionFilter(string? Status = null, long? ModelId = null, DateTime? From = null, DateTime? To = null, int? Skip = null, int? Limit = null, long? ProjectId = null);

/// <param name="AcceptMitigation">
/// A person accepts a mitigation (it stops the crash; what it does for the input is a guess) in
/// place of a fix: only for the candidate named, one that passed the sandbox, with a comment saying why.
/// </param>
public sealed record Decision(int? CandidateId, [property: MaxLength(10_000)] string? Comment, bool AcceptMitigation = false);

/// <summary>A session and what its page shows around it.</summary>
public sealed record FixSessionView(FixSessionDto Session, long ProjectId, string IssueShortId, string IssueTitle, bool MayDecide);

/// <summary>A page of a project's sessions with each one's issue and the models to filter by.</summary>
public sealed record ProjectFixSessions(string Name, IReadOnlyList<FixSessionSummary> Rows, int Total, IReadOnlyDictionary<long, string> Issues, IReadOnlyList<(long Id, string Name)> Models);

/// <summary>What a decision changed, as the API answers it.</summary>
public sealed record DecisionResult(long Id, string Status, int? CandidateId = null);

/// <summary>Where an applied fix went.</summary>
public sealed record AppliedFix(long Id, string Status, string Branch, string Commit, bool Pushed, string? PushError, string? PullRequestUrl, string? PullRequestError);
