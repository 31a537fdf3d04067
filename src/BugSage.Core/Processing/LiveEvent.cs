namespace BugSage.Core.Processing;

/// <summary>A change the dashboard and real-time clients hear about, published after commit.</summary>
/// <param name="Name"><c>issue.created</c>, <c>issue.updated</c>, <c>issue.regressed</c>, <c>analysis.progress</c>, <c>analysis.completed</c>, …</param>
/// <param name="Detail">What is happening, for progress events (<c>reading the source</c>, <c>asking local</c>).</param>
public sealed record LiveEvent(string Name, long ProjectId, long? IssueId, string? Title, string? Detail = null);
