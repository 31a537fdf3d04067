using BugSage.Core;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing.Supervision;
using BugSage.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Reports.Schedules;

/// <summary>
/// Fires report schedules and delivers what they wrote. Each round (on one node of a cluster, under the job's lease)
/// first asks for the report of every schedule whose firing is due, writing the run, the report job and the next firing
/// in one transaction: the run's unique (schedule, due time) key refuses a second node's or a restarted node's copy, so
/// a firing writes one report. Then it sends each finished report to the schedule's targets; a target that fails is
/// tried again later (<see cref="RetrySchedule"/>) up to <see cref="MaxDeliveryAttempts"/> rounds, and what happened is
/// kept on the run and on the schedule (last run, last error). Nothing a target answers stops the loop.
/// </summary>
public sealed class ReportScheduleWorker(WorkerServices services, ILogger<ReportScheduleWorker> logger, ReportWorker reports, ReportTargetSender sender,
    IssueLinks links, IOptions<AlertOptions> alertOptions) : PeriodicWorker(services, logger, "report-schedules")
{
    /// <summary>Delivery rounds before a run gives up on the targets still failing.</summary>
    internal const int MaxDeliveryAttempts = 6;

    /// <summary>How long a node holds a run it is delivering before another may take it (a node that died mid-send).</summary>
    private static readonly TimeSpan DeliveryClaim = TimeSpan.FromMinutes(10);

    private const int Batch = 50;

    protected override TimeSpan Period => TimeSpan.FromMinutes(1);

    protected override async Task RunRoundAsync(CancellationToken ct)
    {
        await FireDueAsync(ct);
        await DeliverDueAsync(ct);
    }

    /// <summary>Asks for the report of each schedule due now; answers how many firings this node wrote.</summary>
    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var due = await db.ReportSchedules.AsNoTracking().Where(s => s.Enabled && s.NextDueAt != null && s.NextDueAt <= now)
            .OrderBy(s => s.NextDueAt).Take(Batch).ToListAsync(ct);
        var fired = 0;
        foreach (var schedule in due)
        {
            try
            {
                if (await FireAsync(db, schedule, now, ct)) fired++;
            }
            catch (DbUpdateException)
            {
                // Another node, or this one before a restart, wrote this firing first: the unique key kept it to one.
                db.ChangeTracker.Clear();
            }
        }
        if (fired > 0) reports.Wake();
        return fired;
    }

    private async Task<bool> FireAsync(AppDbContext db, ReportSchedule schedule, DateTime now, CancellationToken ct)
    {
        var dueAt = schedule.NextDueAt!.Value;
        var (cadence, problems) = ReportCadence.Parse(schedule.Cron, schedule.TimeZone, now);
        if (cadence is null)
        {
            // Checked when saved; a host whose time zone data lost the zone is the one way here. Said on the schedule, not thrown.
            var error = string.Join(" ", problems.SelectMany(p => p.Value)).Truncate(2000);
            await db.ReportSchedules.Where(s => s.Id == schedule.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, (DateTime?)null)
                .SetProperty(x => x.LastStatus, ReportScheduleRunStatus.Failed).SetProperty(x => x.LastError, error).SetProperty(x => x.LastRunAt, now), ct);
            return false;
        }
        var errors = new Dictionary<string, string[]>();
        // The period is the last full week or month before the firing in the schedule's time zone, wherever the round runs late.
        var (from, to) = ReportPeriods.Of(new ReportRequest(schedule.Kind), dueAt, errors, cadence.Zone)!.Value;
        // An organization's schedule covers its projects as they are when it fires, so a project made since is in its report.
        var projectIds = schedule.ProjectId is null
            ? string.Join(',', await db.Projects.Where(p => p.OrganizationId == schedule.OrganizationId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct))
            : schedule.ProjectIds;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = new ReportJob
        {
            OrganizationId = schedule.OrganizationId, ProjectId = schedule.ProjectId, ProjectIds = projectIds, Kind = schedule.Kind, Format = schedule.Format,
            PeriodFrom = from, PeriodTo = to, CreatedBy = $"schedule {schedule.Id}: {schedule.Name}".Truncate(320), CreatedAt = now,
        };
        db.ReportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        db.ReportScheduleRuns.Add(new ReportScheduleRun
        {
            ScheduleId = schedule.Id, DueAt = dueAt, ReportJobId = job.Id, PendingTargets = schedule.IntegrationIds, NextAttemptAt = now, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        // Firings missed while no node ran (a long outage) are not made up one by one: the next is the first after now.
        var next = cadence.NextAfter(now);
        await db.ReportSchedules.Where(s => s.Id == schedule.Id && s.NextDueAt == dueAt)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, next).SetProperty(x => x.LastReportId, job.Id), ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        Logger.LogInformation("Report schedule {Schedule} fired for {DueAt:O}: report {Report}", schedule.Id, dueAt, job.Id);
        return true;
    }

    /// <summary>Sends the finished reports of runs waiting for delivery; answers how many runs it finished (delivered or failed).</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ready = await db.ReportScheduleRuns.AsNoTracking()
            .Where(r => r.Status == ReportScheduleRunStatus.Pending && r.NextAttemptAt <= now)
            .Where(r => db.ReportJobs.Any(j => j.Id == r.ReportJobId && (j.Status == ReportStatus.Done || j.Status == ReportStatus.Failed)))
            .OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
        var finished = 0;
        foreach (var run in ready)
        {
            // The claim: moving the next attempt forward, only if no other node moved it first.
            var claimed = await db.ReportScheduleRuns.Where(r => r.Id == run.Id && r.Status == ReportScheduleRunStatus.Pending && r.NextAttemptAt == run.NextAttemptAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now + DeliveryClaim), ct);
            if (claimed != 1) continue;
            if (await DeliverAsync(db, run.Id, now, ct)) finished++;
            db.ChangeTracker.Clear();
        }
        return finished;
    }

    private async Task<bool> DeliverAsync(AppDbContext db, long runId, DateTime now, CancellationToken ct)
    {
        var run = await db.ReportScheduleRuns.FirstAsync(r => r.Id == runId, ct);
        var schedule = await db.ReportSchedules.FirstAsync(s => s.Id == run.ScheduleId, ct);
        var job = await db.ReportJobs.AsNoTracking().FirstAsync(j => j.Id == run.ReportJobId, ct);
        run.Attempts++;
        var failures = new List<string>();
        var retry = new List<long>();
        TimeSpan? retryAfter = null;
        if (job.Status == ReportStatus.Failed)
        {
            failures.Add($"The report could not be written: {job.Error}");
        }
        else
        {
            var report = await ReportAsync(db, schedule, job, run.Id, ct);
            foreach (var targetId in run.Pending())
            {
                var target = await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == targetId && i.OrganizationId == schedule.OrganizationId, ct);
                SendOutcome outcome;
                try
                {
                    outcome = target is null ? new SendOutcome(false, null, "The target was deleted.", false) : await sender.SendAsync(target, report, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // A target's failure is the run's to record, never the worker's to die of.
                    Logger.LogWarning(e, "Report schedule {Schedule}: sending to target {Target} failed", schedule.Id, targetId);
                    outcome = new SendOutcome(false, null, $"{e.GetType().Name}: {e.Message}".Truncate(500), true);
                }
                if (outcome.Succeeded) continue;
                failures.Add($"{target?.Name ?? $"target {targetId}"}: {outcome.Error}");
                if (outcome.Retryable)
                {
                    retry.Add(targetId);
                    if (outcome.RetryAfter is { } after && (retryAfter is null || after > retryAfter)) retryAfter = after;
                }
            }
        }
        var error = failures.Count == 0 ? null : string.Join("; ", failures).Truncate(2000);
        run.Error = error;
        run.PendingTargets = string.Join(',', retry);
        if (retry.Count > 0 && run.Attempts < MaxDeliveryAttempts)
        {
            run.NextAttemptAt = now + RetrySchedule.Delay(run.Attempts, retryAfter, alertOptions.Value, Random.Shared);
            schedule.LastStatus = ReportScheduleRunStatus.Retrying;
        }
        else
        {
            run.Status = failures.Count == 0 ? ReportScheduleRunStatus.Delivered : ReportScheduleRunStatus.Failed;
            run.FinishedAt = now;
            schedule.LastStatus = run.Status;
        }
        schedule.LastRunAt = now;
        schedule.LastError = error;
        schedule.LastReportId = job.Id;
        await db.SaveChangesAsync(ct);
        return run.Status != ReportScheduleRunStatus.Pending;
    }

    /// <summary>The report as sent: its scope's name, the headline numbers of its period and its download link.</summary>
    private async Task<ScheduledReport> ReportAsync(AppDbContext db, ReportSchedule schedule, ReportJob job, long runId, CancellationToken ct)
    {
        var scopeName = schedule.ProjectId is { } projectId
            ? await db.Projects.Where(p => p.Id == projectId).Select(p => p.Name).FirstAsync(ct)
            : await db.Organizations.Where(o => o.Id == schedule.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        await using var scope = Services.Scopes.CreateAsyncScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var totals = (await new Analytics.AnalyticsReader(contexts, job.Projects(), [job.OrganizationId],
            new Analytics.AnalyticsRange(job.PeriodFrom, job.PeriodTo, "day", null, null)).ReadAsync(ct)).Totals;
        var summary = $"{totals.Events} events, {totals.NewIssues} new issues, {totals.Regressions} regressions, {totals.Resolved} resolved, {totals.Users} users affected.";
        return new ScheduledReport(schedule, job, scopeName, summary, links.Absolute($"/api/v1/reports/{job.Id}/download"), runId);
    }
}
