namespace BugSage.Core.Analysis;

/// <summary>One analysis of an issue, kept as history: queued, then running, then done or failed.</summary>
public sealed class IssueAnalysis : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public long ProjectId { get; set; }

    /// <summary>See <see cref="AnalysisStatus"/>.</summary>
    public string Status { get; set; } = AnalysisStatus.Queued;

    /// <summary>Who asked: a user's email, or <c>policy</c>.</summary>
    public required string RequestedBy { get; set; }
    public string? Engine { get; set; }
    public string? Model { get; set; }
    public string? Category { get; set; }
    public double? Confidence { get; set; }

    /// <summary>The <see cref="ErrorAnalysisResult"/> as JSON, once done.</summary>
    public string? Result { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
}

public static class AnalysisStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Running = Processing.LeasedWorkStatus.Running;
    public const string Done = "done";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
}
