using BugSage.Core.Alerts;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// Queues closes and reopens of linked tracker issues in the caller's unit of work, beside the
/// status change that asks for them. A link already in the wanted state gets nothing: that is how
/// a close that came from the tracker (its webhook set the link closed first) is not sent back.
/// </summary>
public static class ExternalIssueOutbox
{
    /// <summary>Adds (not saves) a sync for each link of the issues that is not yet in <paramref name="state"/>; how many.</summary>
    public static async Task<int> QueueAsync(AppDbContext db, IReadOnlyCollection<long> issueIds, string state, AlertOptions options, DateTime now, CancellationToken ct)
    {
        if (issueIds.Count == 0) return 0;
        // Tracked and filtered here, not in SQL: a link this unit of work already changed (a webhook's) must count as changed.
        var links = await db.ExternalIssues.Where(l => issueIds.Contains(l.IssueId)).ToListAsync(ct);
        var pending = links.Where(l => l.State != state).ToList();
        if (pending.Count == 0) return 0;
        var integrationIds = pending.Select(l => l.IntegrationId).Distinct().ToList();
        var integrations = await db.AlertIntegrations.AsNoTracking().Where(i => integrationIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var queued = 0;
        foreach (var link in pending)
        {
            // A GitHub integration told not to close issues leaves their state to people.
            if (!integrations.TryGetValue(link.IntegrationId, out var integration)
                || (integration.Kind == IntegrationKinds.GitHub && !TrackerSettings.Of(integration).CloseOnResolve)) continue;
            link.State = state;
            db.ExternalIssueSyncs.Add(new ExternalIssueSync
            {
                ExternalIssueId = link.Id, IssueId = link.IssueId, Status = LeasedWorkStatus.Queued,
                Action = state == ExternalIssueState.Closed ? ExternalIssueSyncAction.Close : ExternalIssueSyncAction.Reopen,
                CreatedAt = now, NextAttemptAt = now, GiveUpAt = now.AddHours(options.GiveUpAfterHours),
            });
            queued++;
        }
        return queued;
    }
}
