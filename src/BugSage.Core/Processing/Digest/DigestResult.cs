namespace BugSage.Core.Processing.Digest;

/// <summary>What a committed digest batch changed, for notifications.</summary>
public sealed record DigestResult(
    int EventsStored,
    int Quarantined,
    IReadOnlyList<IssueChange> NewIssues,
    IReadOnlyList<IssueChange> RegressedIssues,
    IReadOnlyList<IssueChange> UpdatedIssues,
    int DeliveriesQueued = 0,
    int TrackerSyncsQueued = 0);

/// <summary>An issue touched by a digest batch.</summary>
public sealed record IssueChange(long ProjectId, long IssueId, string Title);
