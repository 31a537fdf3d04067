using System.Text.Json;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Data;
using BugSage.Core.Processing;

namespace BugSage.Server.Alerts;

/// <summary>
/// A test notification queued through the outbox like any firing, so that it is signed, retried and
/// logged the same way. Its firing names no rule, so a rule's throttles never count it; the
/// deliveries of a rule's test carry the rule, so the delivery log can be filtered by it.
/// </summary>
public static class TestNotifications
{
    /// <summary>One target: an integration (<paramref name="IntegrationId"/>) or a member's address (<paramref name="Recipient"/>).</summary>
    public sealed record Target(string Kind, long? IntegrationId, string? Recipient);

    public static List<AlertDelivery> Queue(AppDbContext db, Core.Projects.Project project, string reason, DateTime now, int giveUpAfterHours, long? ruleId,
        IEnumerable<Target> targets)
    {
        var notification = new Notification(AlertTriggers.Test, reason, now, new NotifiedProject(project.Id, project.Slug, project.Name), null, null, null);
        var firing = new AlertFiring
        {
            ProjectId = project.Id, Trigger = AlertTriggers.Test, Reason = reason, FiredAt = now,
            Payload = JsonSerializer.Serialize(notification, JsonSerializerOptions.Web),
        };
        var deliveries = targets.Select(t => new AlertDelivery
        {
            Firing = firing, ProjectId = project.Id, RuleId = ruleId, IntegrationId = t.IntegrationId, Kind = t.Kind, Recipient = t.Recipient,
            Status = LeasedWorkStatus.Queued, CreatedAt = now, NextAttemptAt = now, GiveUpAt = now.AddHours(giveUpAfterHours),
        }).ToList();
        db.AlertDeliveries.AddRange(deliveries);
        return deliveries;
    }
}
