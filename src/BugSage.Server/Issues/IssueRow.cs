using BugSage.Core.Issues;

namespace BugSage.Server.Issues;

/// <summary>An issue as a list row: the issue, its short id and its last 24 hours of events.</summary>
public sealed record IssueRow(Issue Issue, string ShortId, IReadOnlyList<long> Hourly);
