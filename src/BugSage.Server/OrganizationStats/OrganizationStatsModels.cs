namespace BugSage.Server.OrganizationStats;

public sealed record ModelStats(int Configured, int Enabled, int CallsLast24h, decimal CostLast24h);

public sealed record AnalysisStats(int Active, int Completed, int Failed, double? AverageConfidence, double? AverageDurationSeconds);

/// <param name="Active">Queued or running.</param>
public sealed record FixSessionStats(int Active, int AwaitingApproval, int Applied, int Merged, int Failed, double? AverageDurationSeconds);

public sealed record IssueStats(int Total, int Unresolved, int NewLast24h);

public sealed record EventStats(long Total, long Last24h);

// Immutable and sealed: the cache hands the same answer to every reader instead of a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record StatsDto(long OrganizationId, ModelStats Models, AnalysisStats Analyses, FixSessionStats FixSessions, IssueStats Issues, EventStats Events, DateTime GeneratedAt);
