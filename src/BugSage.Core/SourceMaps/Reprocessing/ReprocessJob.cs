namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>
/// Stored events of a release to map again, queued when a bundle for the release was stored for
/// the project: the newest <see cref="ReprocessLimits.EventsPerRun"/> of them, of which those with
/// script frames not mapped yet are mapped again. A queue row (any node may run it) that keeps its counts as history.
/// </summary>
public sealed class ReprocessJob : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Release { get; set; }

    /// <summary>See <see cref="ReprocessJobStatus"/>.</summary>
    public string Status { get; set; } = ReprocessJobStatus.Queued;
    public int Examined { get; set; }
    public int Changed { get; set; }
    public int Failed { get; set; }

    /// <summary>Why the job failed, or which events failed in a job that is done.</summary>
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
}

public static class ReprocessJobStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Running = Processing.LeasedWorkStatus.Running;
    public const string Done = "done";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
}
