using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Firing;

/// <summary>
/// Fires the rules that wait for work on an issue (<see cref="AlertTriggers.IsWork"/>): a fix
/// awaiting approval, a pull request opened or merged, an analysis finished. The firing joins the
/// caller's unit of work, so it commits with the change it tells about, or not at all. A rule's
/// conditions are tested against the issue and its latest event; its throttling applies as for any rule.
/// </summary>
public sealed class WorkAlerts(IssueLinks links, IOptions<AlertOptions> options, TimeProvider clock, ILogger<WorkAlerts> logger)
{
    /// <summary>Adds the firings and deliveries to <paramref name="db"/>'s unit of work; the caller saves. Answers how many deliveries it queued.</summary>
    public async Task<int> FireAsync(AppDbContext db, string trigger, long issueId, NotifiedWork work, CancellationToken ct)
    {
        if (!AlertTriggers.IsWork(trigger)) throw new ArgumentException($"{trigger} is decided by the digest", nameof(trigger));
        var issue = await db.Issues.AsNoTracking().FirstOrDefaultAsync(i => i.Id == issueId, ct);
        if (issue is null) return 0;
        var rules = await db.AlertRules.Where(r => r.ProjectId == issue.ProjectId && r.Enabled && r.Trigger == trigger).OrderBy(r => r.Id).ToListAsync(ct);
        if (rules.Count == 0) return 0;
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == issue.ProjectId, ct);
        var payload = await db.Events.AsNoTracking().Where(e => e.IssueId == issueId)
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        // An issue always has an event; one merged away or deleted under us has nothing to match conditions against.
        if (payload is null) return 0;
        var latest = EventJson.Decompress(payload);
        var now = clock.GetUtcNow().UtcDateTime;
        var writer = new FiringWriter(db, options.Value);
        var queued = 0;
        foreach (var rule in rules)
        {
            if (!FiringWriter.TryRead(rule, logger, out var matcher, out var actions) || !matcher.Matches(latest, IssueFacts.Of(issue), now)) continue;
            if ((await writer.ThrottleAsync(rule, [issueId], id => id, now, ct)).Count == 0) continue;
            var reason = $"{work.Summary}: {Issues.ShortIds.Format(project.Slug, issue.ShortNumber)} ({issue.Level})".Truncate(500);
            queued += await writer.WriteAsync(rule, project, issueId, reason,
                NotificationBuilder.ForWork(rule, project, issue, latest, reason, work, links, now), actions, now, ct);
        }
        return queued;
    }
}
