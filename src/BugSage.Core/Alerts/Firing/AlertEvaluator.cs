using System.Text.Json;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Firing;

/// <summary>
/// Decides, inside the digest's transaction, which rules fire for the batch's issues, and writes
/// each firing with one delivery per target to the outbox: the commit that stores the events is
/// the commit that promises the notifications, so a crash loses or doubles neither.
/// </summary>
public sealed class AlertEvaluator(IssueLinks links, IOptions<AlertOptions> options, ILogger<AlertEvaluator> logger)
{
    /// <summary>Adds the firings and deliveries to <paramref name="db"/>'s unit of work; returns how many deliveries it queued.</summary>
    internal async Task<int> FireAsync(AppDbContext db, DigestBatch batch, IReadOnlyCollection<IssueDelta> deltas, IReadOnlySet<long> escalated,
        IReadOnlyDictionary<long, Project> projects, DateTime now, CancellationToken ct)
    {
        if (deltas.Count == 0) return 0;
        var projectIds = deltas.Select(d => d.Issue.ProjectId).Distinct().ToList();
        var rules = await db.AlertRules.Where(r => projectIds.Contains(r.ProjectId) && r.Enabled).OrderBy(r => r.Id).ToListAsync(ct);
        if (rules.Count == 0) return 0;
        var targets = new Targets(db);
        var queued = 0;
        foreach (var rule in rules)
        {
            if (!TryRead(rule, out var conditions, out var actions)) continue;
            var mine = deltas.Where(d => d.Issue.ProjectId == rule.ProjectId).ToList();
            var hits = await TriggerCheck.HitsAsync(db, rule, conditions, mine, batch, escalated, now, ct);
            if (hits.Count == 0) continue;
            var allowed = await ThrottleAsync(db, rule, hits, now, ct);
            var project = projects[rule.ProjectId];
            foreach (var hit in allowed)
            {
                var reason = $"{hit.Reason}: {Issues.ShortIds.Format(project.Slug, hit.Delta.Issue.ShortNumber)} ({hit.Event.Event.Level})".Truncate(500);
                var notification = NotificationBuilder.Build(rule, project, hit, reason, links, now);
                var firing = new AlertFiring
                {
                    ProjectId = rule.ProjectId, RuleId = rule.Id, IssueId = hit.Delta.Issue.Id, Trigger = rule.Trigger, Reason = reason,
                    Payload = JsonSerializer.Serialize(notification, JsonSerializerOptions.Web), FiredAt = now,
                };
                db.AlertFirings.Add(firing);
                foreach (var delivery in await targets.DeliveriesAsync(firing, project, actions, now, options.Value, ct))
                {
                    db.AlertDeliveries.Add(delivery);
                    queued++;
                }
                rule.LastFiredAt = now;
                rule.LastFiredReason = reason;
            }
        }
        return queued;
    }

    private bool TryRead(AlertRule rule, out AlertConditions.Matcher matcher, out List<AlertAction> actions)
    {
        try
        {
            matcher = (JsonSerializer.Deserialize<AlertConditions>(rule.Conditions, JsonSerializerOptions.Web) ?? new AlertConditions()).ToMatcher();
            actions = JsonSerializer.Deserialize<List<AlertAction>>(rule.Actions, JsonSerializerOptions.Web) ?? [];
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            // Saved rules are validated; one that no longer reads must not stop the digest.
            logger.LogWarning(e, "Alert rule {Rule} cannot be read; skipped", rule.Id);
            matcher = null!;
            actions = [];
            return false;
        }
    }

    /// <summary>Drops the hits of issues this rule told about within its interval, then keeps no more than its hourly cap allows.</summary>
    private static async Task<List<TriggerCheck.Hit>> ThrottleAsync(AppDbContext db, AlertRule rule, List<TriggerCheck.Hit> hits, DateTime now, CancellationToken ct)
    {
        var issueIds = hits.Select(h => (long?)h.Delta.Issue.Id).ToList();
        var intervalStart = now.AddMinutes(-rule.IssueIntervalMinutes);
        var recent = await db.AlertFirings.AsNoTracking()
            .Where(f => f.RuleId == rule.Id && issueIds.Contains(f.IssueId) && f.FiredAt > intervalStart)
            .Select(f => f.IssueId).Distinct().ToListAsync(ct);
        var hourStart = now.AddHours(-1);
        var lastHour = await db.AlertFirings.AsNoTracking().CountAsync(f => f.RuleId == rule.Id && f.FiredAt > hourStart, ct);
        return hits.Where(h => !recent.Contains(h.Delta.Issue.Id)).Take(Math.Max(0, rule.MaxFiringsPerHour - lastHour)).ToList();
    }

    /// <summary>The project's integrations and organizations' member addresses, read once per batch.</summary>
    private sealed class Targets(AppDbContext db)
    {
        private readonly Dictionary<long, Dictionary<long, AlertIntegration>> integrations = [];
        private readonly Dictionary<long, List<string>> members = [];

        public async Task<List<AlertDelivery>> DeliveriesAsync(AlertFiring firing, Project project, List<AlertAction> actions, DateTime now, AlertOptions options, CancellationToken ct)
        {
            var deliveries = new List<AlertDelivery>();
            AlertDelivery New(string kind, long? integrationId, string? recipient) => new()
            {
                Firing = firing, ProjectId = firing.ProjectId, RuleId = firing.RuleId, IssueId = firing.IssueId, IntegrationId = integrationId,
                Kind = kind, Recipient = recipient, Status = LeasedWorkStatus.Queued,
                CreatedAt = now, NextAttemptAt = now, GiveUpAt = now.AddHours(options.GiveUpAfterHours),
            };
            foreach (var action in actions.DistinctBy(a => (a.Target, a.IntegrationId)))
            {
                if (action.Target == AlertAction.Members)
                {
                    deliveries.AddRange((await MembersAsync(project.OrganizationId, ct)).Select(email => New(IntegrationKinds.Email, null, email)));
                }
                else if (action is { Target: AlertAction.Integration, IntegrationId: { } id }
                         && (await IntegrationsAsync(project.Id, ct)).TryGetValue(id, out var integration))
                {
                    deliveries.Add(New(integration.Kind, integration.Id, null));
                }
            }
            return deliveries;
        }

        private async Task<Dictionary<long, AlertIntegration>> IntegrationsAsync(long projectId, CancellationToken ct) =>
            integrations.TryGetValue(projectId, out var found) ? found
                : integrations[projectId] = await db.AlertIntegrations.AsNoTracking().Where(i => i.ProjectId == projectId).ToDictionaryAsync(i => i.Id, ct);

        private async Task<List<string>> MembersAsync(long organizationId, CancellationToken ct) =>
            members.TryGetValue(organizationId, out var found) ? found
                : members[organizationId] = await db.Memberships.AsNoTracking()
                    .Where(m => m.OrganizationId == organizationId)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email).OrderBy(e => e).ToListAsync(ct);
    }
}
