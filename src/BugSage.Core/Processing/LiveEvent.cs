namespace BugSage.Core.Processing;

/// <summary>A change the dashboard and real-time clients hear about, published after commit.</summary>
/// <param name="Name"><c>issue.created</c>, <c>issue.updated</c>, <c>issue.regressed</c>, <c>analysis.progress</c>, <c>analysis.completed</c>, …</param>
/// <param name="Detail">What is happening, for progress events (<c>reading the source</c>, <c>asking local</c>; for fix sessions <c>validation:running</c>, a status).</param>
/// <param name="FixSessionId">The fix session a <c>fix-session.*</c> event is about: it also goes to the hub group <c>fix-session:{id}</c>.</param>
public sealed record LiveEvent(string Name, long ProjectId, long? IssueId, string? Title, string? Detail = null, long? FixSessionId = null);
