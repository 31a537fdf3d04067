using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Marks issues whose volume this hour jumped well above their own baseline as escalating, and
/// wakes issues archived until they escalate (rule: <see cref="EscalationOptions"/>).
/// Runs after the batch's hourly counts are written, so they are included.
/// </summary>
internal static class EscalationStep
{
    private const string Escalate = """
        UPDATE issues SET status = 'unresolved', substatus = 'escalating',
          ignored_until = NULL, ignored_until_count = NULL, ignored_until_user_count = NULL
        WHERE id = @p0 AND ((status = 'unresolved' AND (substatus IS NULL OR substatus <> 'escalating'))
          OR (status = 'ignored' AND substatus = 'archived_until_escalating'))
        """;

    /// <summary>Returns the issues that became escalating.</summary>
    public static async Task<HashSet<long>> EvaluateAsync(AppDbContext db, IReadOnlyCollection<IssueDelta> deltas, EscalationOptions rule, DateTime now, CancellationToken ct)
    {
        var hour = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
        var since = hour.AddDays(-rule.BaselineDays);
        var candidates = deltas.Where(d => d.Issue.FirstSeen <= now.AddDays(-1)
                && (d.Issue.Status == IssueStatus.Unresolved || d.Issue.Substatus == IssueSubstatus.ArchivedUntilEscalating)
                && d.Issue.Substatus != IssueSubstatus.Escalating)
            .Select(d => d.Issue.Id).ToList();
        var escalated = new HashSet<long>();
        if (candidates.Count == 0) return escalated;
        // This hour's count is one row per issue; the week-long baseline is read only for issues busy enough to spike.
        var busy = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => candidates.Contains(h.IssueId) && h.Hour == hour && h.Count >= rule.MinimumEvents)
            .ToDictionaryAsync(h => h.IssueId, h => h.Count, ct);
        if (busy.Count == 0) return escalated;
        var busyIds = busy.Keys.ToList();
        var before = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => busyIds.Contains(h.IssueId) && h.Hour >= since && h.Hour < hour)
            .GroupBy(h => h.IssueId)
            .Select(g => new { IssueId = g.Key, Count = g.Sum(h => h.Count) })
            .ToDictionaryAsync(g => g.IssueId, g => g.Count, ct);
        var hours = rule.BaselineDays * 24.0;
        var escalating = busy
            .Select(b => (IssueId: b.Key, Current: b.Value, Baseline: before.GetValueOrDefault(b.Key) / hours))
            .Where(c => c.Current >= rule.Factor * c.Baseline)
            .ToList();
        var changed = await BulkUpsert.EachRowAsync(db, Escalate, 1, escalating.Select(c => new object?[] { c.IssueId }).ToList(), ct);
        for (var i = 0; i < escalating.Count; i++)
        {
            if (changed[i] == 0) continue;
            var (issueId, current, baseline) = escalating[i];
            escalated.Add(issueId);
            db.IssueActivities.Add(IssueActivity.Of(issueId, ActivityKinds.Escalating, Actor.System, now,
                new { eventsThisHour = current, baselinePerHour = Math.Round(baseline, 3) }));
        }
        return escalated;
    }
}
