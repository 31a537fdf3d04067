using BugSage.Core.Processing;

namespace BugSage.Core.Alerts;

/// <summary>
/// The outbox: one firing to one target (an integration, or one member's address), sent by the
/// delivery worker under a lease and retried until <see cref="GiveUpAt"/>. Its id is the
/// <c>webhook-id</c>, so a receiver can drop the copy a crash between send and record may cause.
/// </summary>
public sealed class AlertDelivery : ILeasedWork
{
    public long Id { get; set; }
    public long FiringId { get; set; }
    public AlertFiring? Firing { get; set; }
    public long ProjectId { get; set; }
    public long? RuleId { get; set; }
    public long? IssueId { get; set; }
    public long? IntegrationId { get; set; }

    /// <summary>The integration's kind, or <see cref="IntegrationKinds.Email"/> for a member.</summary>
    public required string Kind { get; set; }

    /// <summary>A member's address (member email deliveries only).</summary>
    public string? Recipient { get; set; }

    /// <summary>
    /// For a rule in digest mode: the end of the window whose firings this delivery sends together
    /// (from <see cref="AlertRule.DigestMinutes"/> before it). It is not sent before the window ends.
    /// </summary>
    public DateTime? DigestUntil { get; set; }

    public string Status { get; set; } = LeasedWorkStatus.Queued;
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime GiveUpAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Requests sent (the claims are <see cref="Attempts"/>).</summary>
    public int SendCount { get; set; }
    public int? LastStatusCode { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
}

/// <summary>A delivery's finished states, beside the queue's own.</summary>
public static class DeliveryStatus
{
    public const string Delivered = "delivered";

    /// <summary>Its target is paused: not sent; redeliver once the target is resumed.</summary>
    public const string Skipped = "skipped";
}
