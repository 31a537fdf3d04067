using System.Linq.Expressions;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// Sends the tracker outbox: closes a linked issue (with a comment) when its BugSage issue is
/// resolved, reopens it when it comes back. Claimed under a lease like alert deliveries and
/// retried on the same schedule (<see cref="RetrySchedule"/>) until it succeeds, fails for good
/// or reaches its give-up time. A sync whose link has since been asked for the other state is
/// dropped unsent, so retries cannot leave the tracker in an older state than BugSage.
/// </summary>
public sealed class ExternalIssueSyncWorker(
    WorkerServices services,
    IOptions<AlertOptions> options,
    ILogger<ExternalIssueSyncWorker> logger) : QueuedWorker<ExternalIssueSync>(services, logger, "issue-tracker-sync")
{
    protected override DbSet<ExternalIssueSync> Queue(AppDbContext db) => db.ExternalIssueSyncs;

    protected override Expression<Func<ExternalIssueSync, bool>> IsDue(DateTime now) => s => s.NextAttemptAt <= now;

    /// <summary>Bounded by the give-up time, as deliveries are: claims add up over retries.</summary>
    protected override int MaxClaims => int.MaxValue;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<AppDbContext>();
        var sync = await db.ExternalIssueSyncs.FirstAsync(s => s.Id == id, ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var link = await db.ExternalIssues.FirstOrDefaultAsync(l => l.Id == sync.ExternalIssueId, ct);
        var integration = link is null ? null : await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == link.IntegrationId, ct);
        if (now >= sync.GiveUpAt)
        {
            Finish(sync, LeasedWorkStatus.Failed, $"Given up: not sent within {options.Value.GiveUpAfterHours} h" + (sync.Error is { } last ? $" (last: {last})" : ""), now);
        }
        else if (link is null || integration is null)
        {
            Finish(sync, LeasedWorkStatus.Failed, "The link or its integration was removed.", now);
        }
        else if (link.State != ExternalIssueSyncAction.Target(sync.Action))
        {
            Finish(sync, ExternalIssueSyncStatus.Superseded, $"The link was set {link.State} after this was queued.", now);
        }
        else
        {
            var failure = await SendAsync(provider, sync, link, integration, ct);
            Record(sync, link, failure, now);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Null when the tracker took the change; else why not.</summary>
    private static async Task<TrackerException?> SendAsync(IServiceProvider provider, ExternalIssueSync sync, ExternalIssue link, AlertIntegration integration, CancellationToken ct)
    {
        var url = provider.GetRequiredService<IssueLinks>().Issue(sync.IssueId);
        var comment = sync.Action == ExternalIssueSyncAction.Close
            ? $"Resolved in BugSage: {url}"
            : $"The error came back or was reopened in BugSage: {url}";
        try
        {
            var tracker = provider.GetRequiredService<IssueTrackerClients>().For(integration);
            await tracker.SetStateAsync(link.ExternalKey, sync.Action == ExternalIssueSyncAction.Close, comment, ct);
            return null;
        }
        catch (TrackerException e)
        {
            return e;
        }
    }

    private void Record(ExternalIssueSync sync, ExternalIssue link, TrackerException? failure, DateTime now)
    {
        sync.SendCount++;
        sync.LastStatusCode = failure?.StatusCode;
        if (failure is null)
        {
            Finish(sync, ExternalIssueSyncStatus.Done, null, now);
            link.LastSyncedAt = now;
            return;
        }
        var delay = RetrySchedule.Delay(sync.SendCount, failure.RetryAfter, options.Value, Random.Shared);
        if (failure.Retryable && now + delay < sync.GiveUpAt)
        {
            sync.Status = LeasedWorkStatus.Queued;
            sync.NextAttemptAt = now + delay;
            sync.Error = failure.Message.Truncate(2000);
            sync.LeaseOwner = null;
            sync.LeaseExpiresAt = null;
            return;
        }
        Logger.LogWarning("Syncing tracker issue {Key} ({Action}) failed for good: {Error}", link.ExternalKey, sync.Action, failure.Message);
        Finish(sync, LeasedWorkStatus.Failed, failure.Retryable
            ? $"Given up after {sync.SendCount} attempts: the next would fall past {options.Value.GiveUpAfterHours} h (last: {failure.Message})"
            : failure.Message, now);
    }

    private static void Finish(ExternalIssueSync sync, string status, string? error, DateTime now)
    {
        sync.Status = status;
        sync.Error = error?.Truncate(2000);
        sync.FinishedAt = now;
        sync.LeaseOwner = null;
        sync.LeaseExpiresAt = null;
    }
}
