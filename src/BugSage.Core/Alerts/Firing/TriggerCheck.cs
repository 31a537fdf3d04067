using BugSage.Core.Data;
using BugSage.Core.Processing.Digest;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Alerts.Firing;

/// <summary>Which of a batch's issues meet a rule's "when", with the event that did and why, in words.</summary>
internal static class TriggerCheck
{
    public sealed record Hit(IssueDelta Delta, PreparedEvent Event, string Reason);

    public static async Task<List<Hit>> HitsAsync(AppDbContext db, AlertRule rule, AlertConditions.Matcher matcher, IReadOnlyList<IssueDelta> deltas,
        DigestBatch batch, IReadOnlySet<long> escalated, DateTime now, CancellationToken ct)
    {
        var hits = new List<Hit>();
        Dictionary<long, long>? counts = null;
        if (AlertTriggers.IsFrequency(rule.Trigger))
            counts = await WindowCountsAsync(db, rule, deltas.Select(d => d.Issue.Id).ToList(), now, ct);
        long Count(IssueDelta delta) => counts?.GetValueOrDefault(delta.Issue.Id) ?? 0;
        foreach (var delta in deltas)
        {
            string? why = rule.Trigger switch
            {
                AlertTriggers.NewIssue when batch.NewIssues.Contains(delta.Issue) => "new issue",
                AlertTriggers.Regression when delta.RegressedBy is not null => "regression",
                AlertTriggers.Escalating when escalated.Contains(delta.Issue.Id) => "escalating",
                AlertTriggers.EventFrequency when Count(delta) > rule.Threshold =>
                    $"{Count(delta)} events in {rule.WindowMinutes} min (more than {rule.Threshold})",
                AlertTriggers.UserFrequency when Count(delta) > rule.Threshold =>
                    $"{Count(delta)} users in {rule.WindowMinutes} min (more than {rule.Threshold})",
                _ => null,
            };
            if (why is null) continue;
            // The event that reopened the issue speaks for a regression; otherwise the latest that matches.
            IEnumerable<PreparedEvent> candidates = delta.RegressedBy is { } by && rule.Trigger == AlertTriggers.Regression
                ? [by]
                : delta.Events.OrderByDescending(e => e.Event.Timestamp);
            if (candidates.FirstOrDefault(e => matcher.Matches(e.Event, IssueFacts.Of(delta.Issue, delta.FirstSeen), now)) is { } matching)
                hits.Add(new Hit(delta, matching, why));
        }
        return hits;
    }

    /// <summary>Events (or distinct users) per issue since the window's start, this batch's included (already written).</summary>
    private static async Task<Dictionary<long, long>> WindowCountsAsync(AppDbContext db, AlertRule rule, List<long> issueIds, DateTime now, CancellationToken ct)
    {
        var since = now.AddMinutes(-(rule.WindowMinutes ?? 60));
        var events = db.Events.AsNoTracking().Where(e => issueIds.Contains(e.IssueId) && e.Timestamp >= since);
        return rule.Trigger == AlertTriggers.EventFrequency
            ? await events.GroupBy(e => e.IssueId).Select(g => new { g.Key, Count = (long)g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct)
            : await events.Where(e => e.UserKey != null).GroupBy(e => e.IssueId)
                .Select(g => new { g.Key, Count = (long)g.Select(e => e.UserKey).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
