using System.Text.Json;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Alerts;

/// <summary>
/// Alert rules of a project: project readers see them, members who may triage (members, admins,
/// owners) manage them. Every change is audited. Surfaces call these and only shape the answer.
/// </summary>
public sealed class AlertRuleOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, DefaultAlertRules defaults,
    Microsoft.Extensions.Options.IOptions<Core.Configuration.AlertOptions> options, Core.Alerts.Delivery.DeliveryWorker worker)
{
    private const Permission Manage = Permission.IssueWrite;

    public async Task<OperationResult<AlertRuleList>> ListAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project is null) return new(refusal);
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id).ToListAsync(ct);
        return Operation.Ok(new AlertRuleList(rules.Select(AlertRuleDto.From).ToList(), null, defaults.Notice));
    }

    public async Task<OperationResult<AlertRuleDto>> GetAsync(AccessScope actor, long projectId, long ruleId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project is null) return new(refusal);
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId && r.ProjectId == projectId, ct);
        return rule is null ? Operation.NotFound<AlertRuleDto>() : Operation.Ok(AlertRuleDto.From(rule));
    }

    public async Task<OperationResult<AlertRuleDto>> CreateAsync(AccessScope actor, long projectId, AlertRuleInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<AlertRuleDto>(problems);
        var (project, refusal) = await access.CheckAsync(actor, projectId, Manage, ct);
        if (project is null) return new(refusal);
        if (string.IsNullOrWhiteSpace(input.Name)) return Operation.Invalid<AlertRuleDto>("name", "required");
        if (input.Trigger is null) return Operation.Invalid<AlertRuleDto>("trigger", "required: " + string.Join(", ", AlertTriggers.All));
        if (input.Actions is not { Count: > 0 }) return Operation.Invalid<AlertRuleDto>("actions", "at least one action");
        var rule = new AlertRule { ProjectId = projectId, Name = "", Trigger = "", CreatedBy = await ActorLabelAsync(actor, ct), CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (await ApplyAsync(rule, input, ct) is { } invalid) return invalid;
        db.AlertRules.Add(rule);
        audit.Record("alert_rule.created", project.OrganizationId, target: $"{project.Slug}/{rule.Name}", details: new { rule.Trigger, rule.Actions });
        await db.SaveChangesAsync(ct);
        return Operation.Created(AlertRuleDto.From(rule));
    }

    public async Task<OperationResult<AlertRuleDto>> UpdateAsync(AccessScope actor, long projectId, long ruleId, AlertRuleInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<AlertRuleDto>(problems);
        var (project, rule, refusal) = await FindAsync(actor, projectId, ruleId, ct);
        if (rule is null) return new(refusal);
        if (await ApplyAsync(rule, input, ct) is { } invalid) return invalid;
        audit.Record("alert_rule.changed", project.OrganizationId, target: $"{project.Slug}/{rule.Name}", details: input);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(AlertRuleDto.From(rule));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long projectId, long ruleId, CancellationToken ct)
    {
        var (project, rule, refusal) = await FindAsync(actor, projectId, ruleId, ct);
        if (rule is null) return new(refusal);
        db.AlertRules.Remove(rule);
        audit.Record("alert_rule.deleted", project.OrganizationId, target: $"{project.Slug}/{rule.Name}");
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    /// <summary>
    /// Queues a test notification to every target of the rule (each integration, each member's
    /// address) through the outbox, as a firing of it would go; answers the deliveries to follow.
    /// </summary>
    public async Task<OperationResult<List<long>>> TestAsync(AccessScope actor, long projectId, long ruleId, CancellationToken ct)
    {
        var (project, rule, refusal) = await FindAsync(actor, projectId, ruleId, ct);
        if (rule is null) return new(refusal);
        var actions = JsonSerializer.Deserialize<List<AlertAction>>(rule.Actions, JsonSerializerOptions.Web) ?? [];
        var integrationIds = actions.Where(a => a.Target == AlertAction.Integration).Select(a => a.IntegrationId).ToList();
        var targets = await db.AlertIntegrations.AsNoTracking().Where(i => i.ProjectId == projectId && integrationIds.Contains(i.Id)).OrderBy(i => i.Id)
            .Select(i => new TestNotifications.Target(i.Kind, i.Id, null)).ToListAsync(ct);
        if (actions.Any(a => a.Target == AlertAction.Members))
            targets.AddRange(await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == project.OrganizationId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email).OrderBy(e => e)
                .Select(email => new TestNotifications.Target(IntegrationKinds.Email, null, email)).ToListAsync(ct));
        // An integration removed since the rule was saved leaves nothing to send to.
        if (targets.Count == 0) return Operation.Invalid<List<long>>("actions", "the rule has no target left to send to");
        var deliveries = TestNotifications.Queue(db, project, $"a test notification of the rule {rule.Name}", clock.GetUtcNow().UtcDateTime,
            options.Value.GiveUpAfterHours, rule.Id, targets);
        audit.Record("alert_rule.tested", project.OrganizationId, target: $"{project.Slug}/{rule.Name}", details: new { targets = targets.Count });
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Created(deliveries.Select(d => d.Id).ToList());
    }

    /// <summary>A rule the actor may manage: not found outside their projects or when absent, forbidden without the permission.</summary>
    private async Task<(Core.Projects.Project Project, AlertRule? Rule, OperationStatus Refusal)> FindAsync(AccessScope actor, long projectId, long ruleId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        var rule = project is null ? null : await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId && r.ProjectId == projectId, ct);
        if (project is null || rule is null) return (null!, null, project is null ? refusal : OperationStatus.NotFound);
        if (!await access.CanAsync(actor, project.OrganizationId, Manage, ct)) return (project, null, OperationStatus.Forbidden);
        return (project, rule, OperationStatus.Ok);
    }

    /// <summary>Applies what the input gives; the first problem found, or null when the rule is consistent.</summary>
    private async Task<OperationResult<AlertRuleDto>?> ApplyAsync(AlertRule rule, AlertRuleInput input, CancellationToken ct)
    {
        static OperationResult<AlertRuleDto> Invalid(string field, string problem) => Operation.Invalid<AlertRuleDto>(field, problem);
        if (input.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name)) return Invalid("name", "1 to 200 characters");
            rule.Name = name.Trim();
        }
        if (input.Enabled is { } enabled) rule.Enabled = enabled;
        if (input.Trigger is { } trigger)
        {
            if (!AlertTriggers.All.Contains(trigger)) return Invalid("trigger", "one of " + string.Join(", ", AlertTriggers.All));
            rule.Trigger = trigger;
        }
        if (input.Threshold is { } threshold) rule.Threshold = threshold;
        if (input.WindowMinutes is { } window) rule.WindowMinutes = window;
        if (AlertTriggers.IsFrequency(rule.Trigger))
        {
            if (rule.Threshold is not (>= 1 and <= 10_000_000)) return Invalid("threshold", "1 to 10,000,000 for a frequency trigger");
            if (rule.WindowMinutes is not (>= 1 and <= 10_080)) return Invalid("windowMinutes", "1 to 10,080 (a week) for a frequency trigger");
        }
        if (input.Conditions is { } conditions)
        {
            if (conditions.Problem() is { } problem) return Invalid("conditions", problem);
            rule.Conditions = JsonSerializer.Serialize(conditions, JsonSerializerOptions.Web);
        }
        if (input.Actions is { } actions)
        {
            if (actions.Count is 0 or > 20) return Invalid("actions", "1 to 20 actions");
            var ids = actions.Where(a => a.Target == AlertAction.Integration).Select(a => a.IntegrationId).ToList();
            if (actions.Any(a => a.Target is not (AlertAction.Integration or AlertAction.Members) || (a.Target == AlertAction.Integration && a.IntegrationId is null)))
                return Invalid("actions", "each {target: \"members\"} or {target: \"integration\", integrationId}");
            // Issue trackers are linked from issues, not notified.
            var known = await db.AlertIntegrations.Where(i => i.ProjectId == rule.ProjectId && ids.Contains(i.Id)
                && i.Kind != IntegrationKinds.GitHub && i.Kind != IntegrationKinds.Jira).CountAsync(ct);
            if (known != ids.Distinct().Count()) return Invalid("actions", "an alert target (not an issue tracker) of this project");
            rule.Actions = JsonSerializer.Serialize(actions, JsonSerializerOptions.Web);
        }
        if (input.IssueIntervalMinutes is { } interval)
        {
            if (interval is < 0 or > 43_200) return Invalid("issueIntervalMinutes", "0 to 43,200 (30 days)");
            rule.IssueIntervalMinutes = interval;
        }
        if (input.MaxFiringsPerHour is { } cap)
        {
            if (cap is < 1 or > 10_000) return Invalid("maxFiringsPerHour", "1 to 10,000");
            rule.MaxFiringsPerHour = cap;
        }
        if (input.DigestMinutes is { } digest)
        {
            if (digest is < 0 or > 1440) return Invalid("digestMinutes", "0 (send each at once) to 1,440 (a day)");
            rule.DigestMinutes = digest;
        }
        return null;
    }

    private async Task<string> ActorLabelAsync(AccessScope actor, CancellationToken ct) =>
        (await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? "unknown").Truncate(320);
}
