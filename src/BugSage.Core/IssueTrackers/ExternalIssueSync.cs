using BugSage.Core.Processing;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// An outbox row: close or reopen one linked tracker issue because its BugSage issue was resolved
/// or came back. Written in the transaction that changed the issue, sent by
/// <see cref="ExternalIssueSyncWorker"/> under a lease, retried until <see cref="GiveUpAt"/>.
/// </summary>
public sealed class ExternalIssueSync : ILeasedWork
{
    public long Id { get; set; }
    public long ExternalIssueId { get; set; }
    public long IssueId { get; set; }

    /// <summary>One of <see cref="ExternalIssueSyncAction"/>.</summary>
    public required string Action { get; set; }

    public string Status { get; set; } = LeasedWorkStatus.Queued;
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime GiveUpAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Requests to the tracker made (the claims are <see cref="Attempts"/>).</summary>
    public int SendCount { get; set; }
    public int? LastStatusCode { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
}

public static class ExternalIssueSyncAction
{
    public const string Close = "close";
    public const string Reopen = "reopen";

    /// <summary>The link state an action leads to.</summary>
    public static string Target(string action) => action == Close ? ExternalIssueState.Closed : ExternalIssueState.Open;
}

/// <summary>A sync's finished states, beside the queue's own.</summary>
public static class ExternalIssueSyncStatus
{
    public const string Done = "done";

    /// <summary>A later change asked for the other state before this one was sent: nothing to send.</summary>
    public const string Superseded = "superseded";
}
