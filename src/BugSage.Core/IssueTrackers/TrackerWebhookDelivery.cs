namespace BugSage.Core.IssueTrackers;

/// <summary>
/// A tracker webhook delivery already acted on, by the id the tracker gave it
/// (<c>X-GitHub-Delivery</c>, <c>X-Atlassian-Webhook-Identifier</c>): a replay changes nothing.
/// Kept for <see cref="Retention"/>, longer than either tracker retries a delivery.
/// </summary>
public sealed class TrackerWebhookDelivery
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public long Id { get; set; }
    public long IntegrationId { get; set; }
    public required string DeliveryId { get; set; }
    public DateTime ReceivedAt { get; set; }
}
