namespace BugSage.Core.Processing;

/// <summary>A change the dashboard and real-time clients hear about, published after commit.</summary>
/// <param name="Name"><c>issue.created</c>, <c>issue.updated</c>, <c>issue.regressed</c>, <c>event.ingested</c>, …</param>
public sealed record LiveEvent(string Name, long ProjectId, long? IssueId, string? Title);
