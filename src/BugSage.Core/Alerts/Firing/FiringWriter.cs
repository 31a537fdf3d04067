using System.Text.Json;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Alerts.Firing;

/// <summary>
/// Adds a rule's firing and its deliveries to a unit of work, for every kind of trigger: the
/// caller's commit (the digest's, a fix session's, an analysis's) is the one that promises the
/// notification. Targets are read once per unit of work. A rule in digest mode gets one delivery
/// per target and window; the firings of the window are gathered when it is sent.
/// </summary>
internal sealed class FiringWriter(AppDbContext db, AlertOptions options)
{
    /// <summary>How long after a digest window ends its delivery waits, so that a batch committing at the boundary is in it.</summary>
    public static readonly TimeSpan DigestGrace = TimeSpan.FromSeconds(5);

    private readonly Dictionary<long, Dictionary<long, AlertIntegration>> integrations = [];
    private readonly Dictionary<long, List<(long UserId, string Email)>> members = [];
    private readonly Dictionary<long, Personal.NotificationSettings> settings = [];
    private readonly Dictionary<(long RuleId, DateTime Until), HashSet<(long?, string?)>> gathering = [];

    /// <summary>A saved rule's conditions and actions; false (logged) when one no longer reads, so that it cannot stop the caller.</summary>
    public static bool TryRead(AlertRule rule, ILogger logger, out AlertConditions.Matcher matcher, out List<AlertAction> actions)
    {
        try
        {
            matcher = (JsonSerializer.Deserialize<AlertConditions>(rule.Conditions, JsonSerializerOptions.Web) ?? new AlertConditions()).ToMatcher();
            actions = JsonSerializer.Deserialize<List<AlertAction>>(rule.Actions, JsonSerializerOptions.Web) ?? [];
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            logger.LogWarning(e, "Alert rule {Rule} cannot be read; skipped", rule.Id);
            matcher = null!;
            actions = [];
            return false;
        }
    }

    /// <summary>Drops the hits of issues this rule told about within its interval, then keeps no more than its hourly cap allows.</summary>
    public async Task<List<T>> ThrottleAsync<T>(AlertRule rule, List<T> hits, Func<T, long> issueOf, DateTime now, CancellationToken ct)
    {
        var issueIds = hits.Select(h => (long?)issueOf(h)).ToList();
        var intervalStart = now.AddMinutes(-rule.IssueIntervalMinutes);
        var recent = await db.AlertFirings.AsNoTracking()
            .Where(f => f.RuleId == rule.Id && issueIds.Contains(f.IssueId) && f.FiredAt > intervalStart)
            .Select(f => f.IssueId).Distinct().ToListAsync(ct);
        var hourStart = now.AddHours(-1);
        var lastHour = await db.AlertFirings.AsNoTracking().CountAsync(f => f.RuleId == rule.Id && f.FiredAt > hourStart, ct);
        return hits.Where(h => !recent.Contains(issueOf(h))).Take(Math.Max(0, rule.MaxFiringsPerHour - lastHour)).ToList();
    }

    /// <summary>Adds the firing and its deliveries (none for targets already gathering this window); answers how many deliveries it queued.</summary>
    public async Task<int> WriteAsync(AlertRule rule, Project project, long? issueId, string reason, Notification notification, List<AlertAction> actions,
        DateTime now, CancellationToken ct)
    {
        DateTime? until = rule.DigestMinutes > 0 ? DigestWindowEnd(now, rule.DigestMinutes) : null;
        var firing = new AlertFiring
        {
            ProjectId = rule.ProjectId, RuleId = rule.Id, IssueId = issueId, Trigger = rule.Trigger, Reason = reason,
            Payload = JsonSerializer.Serialize(notification, JsonSerializerOptions.Web), FiredAt = now, DigestUntil = until,
        };
        db.AlertFirings.Add(firing);
        rule.LastFiredAt = now;
        rule.LastFiredReason = reason;

        var already = until is { } end ? await GatheringAsync(rule.Id, end, ct) : null;
        var queued = 0;
        foreach (var (kind, integrationId, recipient) in await TargetsAsync(project, rule.Trigger, actions, ct))
        {
            if (already is not null && !already.Add((integrationId, recipient))) continue;
            var due = until is { } windowEnd ? windowEnd + DigestGrace : now;
            db.AlertDeliveries.Add(new AlertDelivery
            {
                Firing = firing, ProjectId = firing.ProjectId, RuleId = firing.RuleId, IssueId = firing.IssueId, IntegrationId = integrationId,
                Kind = kind, Recipient = recipient, Status = LeasedWorkStatus.Queued, DigestUntil = until,
                CreatedAt = now, NextAttemptAt = due, GiveUpAt = due.AddHours(options.GiveUpAfterHours),
            });
            queued++;
        }
        return queued;
    }

    /// <summary>The end of the digest window holding <paramref name="now"/>: windows are aligned to the clock, so every node agrees on them.</summary>
    public static DateTime DigestWindowEnd(DateTime now, int minutes)
    {
        var length = TimeSpan.FromMinutes(minutes).Ticks;
        return new DateTime((now.Ticks / length + 1) * length, DateTimeKind.Utc);
    }

    /// <summary>The targets that have a delivery for this rule's window, saved or in this unit of work.</summary>
    private async Task<HashSet<(long?, string?)>> GatheringAsync(long ruleId, DateTime until, CancellationToken ct)
    {
        if (gathering.TryGetValue((ruleId, until), out var known)) return known;
        var saved = await db.AlertDeliveries.AsNoTracking().Where(d => d.RuleId == ruleId && d.DigestUntil == until)
            .Select(d => new { d.IntegrationId, d.Recipient }).ToListAsync(ct);
        return gathering[(ruleId, until)] = saved.Select(d => (d.IntegrationId, d.Recipient)).ToHashSet();
    }

    /// <summary>Each action's targets: an integration of the project, or the members who want this mail.</summary>
    private async Task<List<(string Kind, long? IntegrationId, string? Recipient)>> TargetsAsync(Project project, string trigger, List<AlertAction> actions, CancellationToken ct)
    {
        var targets = new List<(string, long?, string?)>();
        foreach (var action in actions.DistinctBy(a => (a.Target, a.IntegrationId)))
        {
            if (action.Target == AlertAction.Members)
            {
                foreach (var (userId, email) in await MembersAsync(project.OrganizationId, ct))
                    if (!settings.TryGetValue(userId, out var mine) || mine.Wants(project.Id, trigger))
                        targets.Add((IntegrationKinds.Email, null, email));
            }
            else if (action is { Target: AlertAction.Integration, IntegrationId: { } id }
                     && (await IntegrationsAsync(project.Id, ct)).TryGetValue(id, out var integration))
            {
                targets.Add((integration.Kind, integration.Id, null));
            }
        }
        return targets;
    }

    private async Task<Dictionary<long, AlertIntegration>> IntegrationsAsync(long projectId, CancellationToken ct) =>
        integrations.TryGetValue(projectId, out var found) ? found
            : integrations[projectId] = await db.AlertIntegrations.AsNoTracking().Where(i => i.ProjectId == projectId).ToDictionaryAsync(i => i.Id, ct);

    /// <summary>The organization's members with their addresses, and their notification settings where they saved some.</summary>
    private async Task<List<(long UserId, string Email)>> MembersAsync(long organizationId, CancellationToken ct)
    {
        if (members.TryGetValue(organizationId, out var found)) return found;
        var rows = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email }).OrderBy(u => u.Email).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        foreach (var saved in await db.NotificationSettings.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToListAsync(ct))
            settings[saved.UserId] = saved;
        return members[organizationId] = rows.Select(r => (r.Id, r.Email)).ToList();
    }
}
