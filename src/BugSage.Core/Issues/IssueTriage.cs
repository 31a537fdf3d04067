using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.IssueTrackers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Issues;

/// <summary>Who made a change, as the activity log shows it.</summary>
public sealed record Actor(long? UserId, string Label)
{
    public static readonly Actor System = new(null, "system");
}

/// <summary>
/// Applies triage changes (status, resolution, ignore conditions, assignment) to issues and
/// writes an activity entry for each change. Callers check permissions first. Linked tracker
/// issues follow in the same save: resolving queues their close, reopening a resolved issue their
/// reopen (<see cref="ExternalIssueOutbox"/>), whichever surface made the change.
/// </summary>
public sealed class IssueTriage(AppDbContext db, TimeProvider clock, Analytics.RollupDimensions dimensions, IOptions<AlertOptions> alertOptions, ExternalIssueSyncWorker trackerSync)
{
    /// <summary>
    /// Applies the update to the issues (tracked by this context) and saves. Answers those it changed: an issue deleted or
    /// merged away since it was read is let go, not written.
    /// </summary>
    public async Task<IReadOnlyList<Issue>> ApplyAsync(IReadOnlyList<Issue> issues, IssueUpdate update, Actor actor, CancellationToken ct)
    {
        // The resolutions count in the analytics rollups in the same transaction as the status change. The issue rows go
        // first, all of them in id order, as the digest takes them (IssueLocks): saved one by one in any other order, an
        // issue's status change (whose triggers count it by hour) and a digest holding the next issue waited for each other.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // Decided from the rows as they are once taken: read before, two people resolving one issue each counted a
        // resolution, and "ignore until n more events" counted from a count a digest had since raised.
        var current = (await IssueLocks.ReadForChangeAsync(db, issues.Select(i => i.Id), ct)).ToDictionary(i => i.Id);
        foreach (var issue in issues)
        {
            var entry = db.Entry(issue);
            if (!current.TryGetValue(issue.Id, out var fresh)) entry.State = EntityState.Detached;
            else if (entry.State == EntityState.Unchanged)
            {
                entry.CurrentValues.SetValues(fresh);
                entry.OriginalValues.SetValues(fresh);
            }
        }
        issues = [.. issues.Where(i => current.ContainsKey(i.Id))];

        var now = clock.GetUtcNow().UtcDateTime;
        var rollups = new Analytics.RollupChanges();
        var resolved = new List<long>();
        var reopened = new List<long>();
        foreach (var issue in issues)
        {
            if (update.Status is { } status)
            {
                var was = issue.Status;
                ChangeStatus(issue, status, update, actor, now);
                if (status == IssueStatus.Resolved)
                {
                    resolved.Add(issue.Id);
                    // Resolving an issue already resolved (a new release to resolve in) is not another resolution.
                    if (was != IssueStatus.Resolved) rollups.AddResolution(issue.ProjectId, now);
                }
                else if (was == IssueStatus.Resolved && status == IssueStatus.Unresolved) reopened.Add(issue.Id);
            }
            if (update.SetsAssignee && issue.AssigneeId != update.AssigneeId)
            {
                issue.AssigneeId = update.AssigneeId;
                Log(issue, ActivityKinds.Assigned, actor, now, new { assigneeId = update.AssigneeId });
            }
        }
        var synced = await ExternalIssueOutbox.QueueAsync(db, resolved, ExternalIssueState.Closed, alertOptions.Value, now, ct)
            + await ExternalIssueOutbox.QueueAsync(db, reopened, ExternalIssueState.Open, alertOptions.Value, now, ct);
        await db.SaveChangesAsync(ct);
        await rollups.WriteAsync(db, dimensions, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        if (synced > 0) trackerSync.Wake();
        return issues;
    }

    public async Task<IssueActivity> CommentAsync(Issue issue, string text, Actor actor, CancellationToken ct)
    {
        var comment = IssueActivity.Of(issue.Id, ActivityKinds.Comment, actor, clock.GetUtcNow().UtcDateTime, text);
        db.IssueActivities.Add(comment);
        await db.SaveChangesAsync(ct);
        return comment;
    }

    private void ChangeStatus(Issue issue, string status, IssueUpdate update, Actor actor, DateTime now)
    {
        var before = new { issue.Status, issue.Substatus };
        issue.ResolvedAt = null;
        issue.ResolvedInRelease = null;
        issue.ResolvedInNextRelease = false;
        issue.IgnoredUntil = null;
        issue.IgnoredUntilCount = null;
        issue.IgnoredUntilUserCount = null;
        issue.Status = status;
        switch (status)
        {
            case IssueStatus.Resolved:
                issue.Substatus = null;
                issue.ResolvedAt = now;
                issue.ResolvedInRelease = update.ResolveInRelease;
                issue.ResolvedInNextRelease = update.ResolveInRelease is null && update.ResolveInNextRelease;
                break;
            case IssueStatus.Ignored:
                var ignore = update.Ignore ?? new IgnoreCondition();
                issue.Substatus = ignore.UntilEscalating ? IssueSubstatus.ArchivedUntilEscalating
                    : ignore.IsForever ? IssueSubstatus.ArchivedForever
                    : IssueSubstatus.ArchivedUntilConditionMet;
                issue.IgnoredUntil = ignore.Until;
                issue.IgnoredUntilCount = ignore.MoreEvents is { } n ? issue.Count + n : null;
                issue.IgnoredUntilUserCount = ignore.MoreUsers is { } u ? issue.UserCount + u : null;
                break;
            default:
                issue.Substatus = IssueSubstatus.Ongoing;
                break;
        }
        Log(issue, ActivityKinds.StatusChanged, actor, now, new
        {
            from = before.Status, fromSubstatus = before.Substatus, to = issue.Status, substatus = issue.Substatus,
            resolvedInRelease = issue.ResolvedInRelease, resolvedInNextRelease = issue.ResolvedInNextRelease,
            ignoredUntil = issue.IgnoredUntil, ignoredUntilCount = issue.IgnoredUntilCount, ignoredUntilUserCount = issue.IgnoredUntilUserCount,
        });
    }

    private void Log(Issue issue, string kind, Actor actor, DateTime now, object data) =>
        db.IssueActivities.Add(IssueActivity.Of(issue.Id, kind, actor, now, data));
}
