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
        var writer = new FiringWriter(db, options.Value);
        var queued = 0;
        foreach (var rule in rules)
        {
            if (AlertTriggers.IsWork(rule.Trigger) || !FiringWriter.TryRead(rule, logger, out var conditions, out var actions)) continue;
            var mine = deltas.Where(d => d.Issue.ProjectId == rule.ProjectId).ToList();
            var hits = await TriggerCheck.HitsAsync(db, rule, conditions, mine, batch, escalated, now, ct);
            if (hits.Count == 0) continue;
            var allowed = await writer.ThrottleAsync(rule, hits, h => h.Delta.Issue.Id, now, ct);
            var project = projects[rule.ProjectId];
            foreach (var hit in allowed)
            {
                var reason = $"{hit.Reason}: {Issues.ShortIds.Format(project.Slug, hit.Delta.Issue.ShortNumber)} ({hit.Event.Event.Level})".Truncate(500);
                var notification = NotificationBuilder.Build(rule, project, hit, reason, links, now);
                queued += await writer.WriteAsync(rule, project, hit.Delta.Issue.Id, reason, notification, actions, now, ct);
            }
        }
        return queued;
    }
}
