using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Applies <see cref="IssueLifecycle"/> to a batch: which resolved issues regress and which
/// ignored ones wake up, with the activity entries that say why. A regressed issue's linked
/// tracker issues are queued to reopen in the batch's transaction. Answers how many were queued.
/// </summary>
internal static class LifecycleStep
{
    public static async Task<int> EvaluateAsync(AppDbContext db, DigestBatch batch, IReadOnlyCollection<IssueDelta> deltas, Configuration.AlertOptions alerts,
        DateTime now, CancellationToken ct)
    {
        var candidates = deltas.Where(d => d.Issue.Status is IssueStatus.Resolved or IssueStatus.Ignored).ToList();
        if (candidates.Count == 0) return 0;
        var firstSeen = await ReleaseFirstSeenAsync(db, candidates, ct);
        foreach (var delta in candidates)
        {
            var issue = delta.Issue;
            DateTime FirstSeen(string release) => firstSeen.GetValueOrDefault((issue.ProjectId, release), DateTime.MaxValue);
            delta.RegressedBy = delta.Events.OrderBy(e => e.Event.Timestamp)
                .FirstOrDefault(e => IssueLifecycle.Reopens(issue, e.Event.Timestamp, e.Event.Release, FirstSeen));
            if (delta.RegressedBy is { } by)
            {
                batch.RegressedIssues.Add(issue);
                db.IssueActivities.Add(IssueActivity.Of(issue.Id, ActivityKinds.Regressed, Actor.System, now,
                    new { by.Event.EventId, by.Event.Release, issue.ResolvedInRelease }));
            }
            delta.Woke = IssueLifecycle.Wakes(issue, issue.Count + delta.Count, issue.UserCount + delta.NewUsers, now);
            if (delta.Woke)
                db.IssueActivities.Add(IssueActivity.Of(issue.Id, ActivityKinds.Unignored, Actor.System, now, new { from = issue.Substatus }));
        }
        var regressed = candidates.Where(d => d.RegressedBy is not null).Select(d => d.Issue.Id).ToList();
        return await IssueTrackers.ExternalIssueOutbox.QueueAsync(db, regressed, IssueTrackers.ExternalIssueState.Open, alerts, now, ct);
    }

    private static async Task<Dictionary<(long, string), DateTime>> ReleaseFirstSeenAsync(AppDbContext db, List<IssueDelta> candidates, CancellationToken ct)
    {
        var versions = candidates.SelectMany(d => d.Events.Select(e => e.Event.Release).Append(d.Issue.ResolvedInRelease))
            .OfType<string>().Select(v => v.Truncate(250)).Distinct().ToList();
        var projectIds = candidates.Select(d => d.Issue.ProjectId).Distinct().ToList();
        var rows = await db.Releases.AsNoTracking()
            .Where(r => projectIds.Contains(r.ProjectId) && versions.Contains(r.Version))
            .Select(r => new { r.ProjectId, r.Version, r.FirstSeen }).ToListAsync(ct);
        return rows.ToDictionary(r => (r.ProjectId, r.Version), r => r.FirstSeen);
    }
}
