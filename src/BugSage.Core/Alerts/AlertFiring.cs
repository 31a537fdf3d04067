namespace BugSage.Core.Alerts;

/// <summary>
/// One time a rule fired for an issue, written in the digest transaction that decided it, with
/// the notification as it was then (<see cref="Payload"/>), so that every delivery and every
/// retry sends the same content. Throttling counts these rows.
/// </summary>
public sealed class AlertFiring
{
    public long Id { get; set; }
    public long ProjectId { get; set; }

    /// <summary>Null for a test notification.</summary>
    public long? RuleId { get; set; }
    public long? IssueId { get; set; }
    public required string Trigger { get; set; }
    public required string Reason { get; set; }

    /// <summary>JSON of <see cref="Firing.Notification"/>.</summary>
    public required string Payload { get; set; }
    public DateTime FiredAt { get; set; }

    /// <summary>For a rule in digest mode: the end of the window this firing is gathered into (its delivery's <see cref="AlertDelivery.DigestUntil"/>).</summary>
    public DateTime? DigestUntil { get; set; }
}
