namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// A GitHub webhook delivery already acted on, by its <c>X-GitHub-Delivery</c> id: a replay of
/// the same signed body (to the same link or another) changes nothing. Kept for
/// <see cref="Retention"/>, longer than GitHub retries a delivery.
/// </summary>
public sealed class GitHubDelivery
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public long Id { get; set; }
    public required string DeliveryId { get; set; }
    public long RepositoryId { get; set; }
    public DateTime ReceivedAt { get; set; }
}
