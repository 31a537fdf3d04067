namespace BugSage.Core.Reports;

/// <summary>
/// One firing of a <see cref="ReportSchedule"/>: the report it asked for and its delivery to each target. The unique
/// key on (schedule, due time) is what makes a firing happen once, whichever nodes and restarts see it due.
/// </summary>
public sealed class ReportScheduleRun
{
    public long Id { get; set; }
    public long ScheduleId { get; set; }

    /// <summary>The firing this run is for, UTC.</summary>
    public DateTime DueAt { get; set; }

    public long ReportJobId { get; set; }

    /// <summary>See <see cref="ReportScheduleRunStatus"/>.</summary>
    public string Status { get; set; } = ReportScheduleRunStatus.Pending;

    /// <summary>The targets still to send to, comma separated; a target leaves it once sent or failed for good.</summary>
    public string PendingTargets { get; set; } = "";

    /// <summary>Delivery rounds tried so far; the run fails once <c>MaxDeliveryAttempts</c> have failed.</summary>
    public int Attempts { get; set; }

    /// <summary>When delivery is next tried (also the claim: a node moves it forward before sending).</summary>
    public DateTime NextAttemptAt { get; set; }

    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public IReadOnlyList<long> Pending() => ReportSchedule.Ids(PendingTargets);
}

/// <summary>Where a firing stands: waiting for its report or a retry, sent to every target, or failed (with why).</summary>
public static class ReportScheduleRunStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>Shown on the schedule while a failed delivery waits for its retry.</summary>
    public const string Retrying = "retrying";
}
