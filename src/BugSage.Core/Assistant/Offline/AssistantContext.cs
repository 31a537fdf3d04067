namespace BugSage.Core.Assistant.Offline;

/// <summary>What the conversation is about when a question is asked: the current project and issue, and the time.</summary>
public sealed record AssistantContext(long? ProjectId, long? IssueId, string? IssueShortId, DateTimeOffset Now);
