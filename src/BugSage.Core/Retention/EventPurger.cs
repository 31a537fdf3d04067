using BugSage.Core.Data;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Retention;

/// <summary>
/// Deletes events older than their project's retention, with their attachments, in small
/// batches with a pause in between, so the digest (one writer at a time on SQLite) only ever
/// waits for one short statement. Issues stay, with their counts, hourly counts, tags and users; the analytics
/// rollups stay for their own, longer window (<see cref="RetentionOptions.RollupDays"/>), then go too, so hostile or
/// merely long-lived traffic cannot grow them without end. Idempotent; in a cluster it runs on the node holding its lease.
/// </summary>
public sealed class EventPurger(WorkerServices services, IOptions<RetentionOptions> options, ILogger<EventPurger> logger)
    : PeriodicWorker(services, logger, "event-purge")
{
    /// <summary>Purges every project once; returns how many events were deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = Clock.GetUtcNow().UtcDateTime;
        List<(long Id, int? Days)> projects;
        await using (var scope = Services.Scopes.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Projects.AsNoTracking()
                .OrderBy(p => p.Id).Select(p => new { p.Id, p.EventRetentionDays }).ToListAsync(ct);
            projects = rows.Select(p => (p.Id, p.EventRetentionDays)).ToList();
        }
        var deleted = 0;
        foreach (var (projectId, days) in projects)
        {
            var cutoff = now.AddDays(-settings.DaysFor(days));
            while (true)
            {
                var batch = await DeleteBatchAsync(projectId, cutoff, settings.BatchSize, ct);
                deleted += batch;
                if (batch < settings.BatchSize) break;
                if (settings.PauseMilliseconds > 0) await Task.Delay(TimeSpan.FromMilliseconds(settings.PauseMilliseconds), Clock, ct);
            }
            await PurgeRollupsAsync(projectId, Analytics.RollupChanges.HourOf(now.AddDays(-settings.RollupDaysFor(days))), ct);
        }
        if (deleted > 0) logger.LogInformation("Retention purge deleted {Count} expired events", deleted);
        return deleted;
    }

    /// <summary>Rollup hours (and whole days) before the cutoff; a few rows per hour, so one statement per table.</summary>
    private async Task PurgeRollupsAsync(long projectId, DateTime cutoff, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var lastPastDay = cutoff.AddDays(-1);
        await db.EventHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.IssueHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.UserSketchHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.ProjectUserSketchHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.EnvironmentUserSketchHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.SessionHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.SessionUserHours.Where(h => h.ProjectId == projectId && h.Hour < cutoff).ExecuteDeleteAsync(ct);
        await db.SessionUserDays.Where(d => d.ProjectId == projectId && d.Day <= lastPastDay).ExecuteDeleteAsync(ct);
        // A day that straddles the cutoff keeps its sketch until the whole day is past it.
        await db.UserSketchDays.Where(d => d.ProjectId == projectId && d.Day <= lastPastDay).ExecuteDeleteAsync(ct);
        await db.ProjectUserSketchDays.Where(d => d.ProjectId == projectId && d.Day <= lastPastDay).ExecuteDeleteAsync(ct);
        await db.EnvironmentUserSketchDays.Where(d => d.ProjectId == projectId && d.Day <= lastPastDay).ExecuteDeleteAsync(ct);
        await db.RollupDimensions.Where(d => d.ProjectId == projectId && d.LastSeen < cutoff).ExecuteDeleteAsync(ct);
    }

    /// <summary>One batch of a project's oldest expired events and their attachments, in one short transaction.</summary>
    private async Task<int> DeleteBatchAsync(long projectId, DateTime cutoff, int size, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var expired = await db.Events.AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.ReceivedAt < cutoff)
            .OrderBy(e => e.ReceivedAt).Take(size)
            .Select(e => new { e.Id, e.EventId }).ToListAsync(ct);
        if (expired.Count == 0) return 0;
        var ids = expired.Select(e => e.Id).ToList();
        var eventIds = expired.Select(e => e.EventId).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Attachments.Where(a => a.ProjectId == projectId && eventIds.Contains(a.EventId)).ExecuteDeleteAsync(ct);
        var count = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return count;
    }

    protected override TimeSpan Period => TimeSpan.FromMinutes(options.Value.IntervalMinutes);

    protected override Task RunRoundAsync(CancellationToken ct) => PurgeAsync(ct);
}
