using BugSage.Core.Alerts;

namespace BugSage.Server.Alerts;

/// <summary>Which deliveries to list; every filter optional, all of them within the caller's projects.</summary>
public sealed record DeliveryFilter(long? ProjectId, long? RuleId, long? IntegrationId, string? Status, DateTime? From, DateTime? To, int? Limit, string? Cursor);

public sealed record DeliveryAttemptDto(int Number, DateTime StartedAt, int DurationMs, bool Succeeded, int? StatusCode, string? Error);

/// <param name="Attempts">Every request sent, oldest first (in the detail; the list leaves it out).</param>
public sealed record DeliveryDto(long Id, long ProjectId, long? RuleId, long? IssueId, long? IntegrationId, string Kind, string? Recipient, string Trigger, string Reason,
    string Status, int AttemptCount, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? NextAttemptAt, DateTime GiveUpAt, DateTime? FinishedAt,
    IReadOnlyList<DeliveryAttemptDto>? Attempts = null)
{
    public static DeliveryDto From(AlertDelivery d, AlertFiring f, IReadOnlyList<DeliveryAttempt>? attempts = null) =>
        new(d.Id, d.ProjectId, d.RuleId, d.IssueId, d.IntegrationId, d.Kind, d.Recipient, f.Trigger, f.Reason, d.Status, d.SendCount, d.LastStatusCode, d.Error,
            d.CreatedAt, d.Status == Core.Processing.LeasedWorkStatus.Queued ? d.NextAttemptAt : null, d.GiveUpAt, d.FinishedAt,
            attempts?.Select(a => new DeliveryAttemptDto(a.Number, a.StartedAt, a.DurationMs, a.Succeeded, a.StatusCode, a.Error)).ToList());
}
