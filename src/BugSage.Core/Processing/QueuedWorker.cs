using System.Diagnostics;
using BugSage.Core.Data;
using BugSage.Core.Observability;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing;

/// <summary>
/// A background worker over a queue kept in the database. It claims one item at a time under a
/// lease (a conditional update, so any node may run any item, and only one does), renews the
/// lease while it runs, and repeats until none is left; then it waits for <see cref="Wake"/>
/// or the next poll. An item whose node stopped renewing (it died) is claimed again, up to
/// <see cref="Configuration.WorkerOptions.MaxAttempts"/> times; an item that throws fails
/// alone, with the reason, and the worker goes on. Tests drive it with <see cref="RunQueuedAsync"/>
/// (with <see cref="Configuration.WorkerOptions.RunInBackground"/> off, nothing else runs it).
/// </summary>
public abstract class QueuedWorker<TWork>(WorkerServices services, ILogger logger, string name) : SupervisedWorker(services, logger, name)
    where TWork : class, ILeasedWork
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Starts work now rather than at the next poll.</summary>
    public void Wake()
    {
        if (wake.CurrentCount > 0) return;
        try { wake.Release(); }
        catch (SemaphoreFullException) { /* already woken */ }
    }

    /// <summary>The table that holds the queue.</summary>
    protected abstract DbSet<TWork> Queue(AppDbContext db);

    /// <summary>Which queued items may be claimed now; all of them unless the work waits for a time (a retry's).</summary>
    protected virtual System.Linq.Expressions.Expression<Func<TWork, bool>> IsDue(DateTime now) => w => true;

    /// <summary>
    /// How many claims an item whose lease ran out may have had before it fails for good. Work that
    /// comes back to the queue between tries (a delivery's retries) counts its claims differently.
    /// </summary>
    protected virtual int MaxClaims => Services.Options.Value.MaxAttempts;

    /// <summary>Runs one claimed item to its end.</summary>
    protected abstract Task RunAsync(long id, CancellationToken ct);

    /// <summary>Announces an item that ended without <see cref="RunAsync"/> finishing it (failed or given up).</summary>
    protected virtual Task OnEndedAsync(AppDbContext db, long id, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs every queued item (and every item whose lease ran out); returns how many it ran.</summary>
    public async Task<int> RunQueuedAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var done = 0;
            await CountBacklogAsync(ct);
            while (await ClaimAsync(ct) is { } id)
            {
                await RunLeasedAsync(id, ct);
                done++;
                await CountBacklogAsync(ct);
            }
            return done;
        }
        finally
        {
            gate.Release();
        }
    }

    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!Services.Options.Value.RunInBackground) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            await wake.WaitAsync(Poll, stoppingToken);
            await RunQueuedAsync(stoppingToken);
            ReportProgress();
        }
    }

    /// <summary>
    /// Counts what waits in the queue for the backlog gauge: once per item run, which is small beside the item's own
    /// work, and exact between items, where an operator looks (work piling up behind a slow model or a dead target).
    /// </summary>
    private async Task CountBacklogAsync(CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waiting = await Queue(db).CountAsync(w => w.Status == LeasedWorkStatus.Queued, ct);
        Services.Metrics.RecordBacklog(Name, waiting);
    }

    /// <summary>Moves the oldest claimable item to running under this node's lease; its id, or null when none is left.</summary>
    private async Task<long?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var options = Services.Options.Value;
        while (true)
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var next = await Queue(db).AsNoTracking().Where(IsDue(now))
                // A running item without a lease was claimed before leases existed (an upgrade): its node is gone.
                .Where(w => w.Status == LeasedWorkStatus.Queued || (w.Status == LeasedWorkStatus.Running && (w.LeaseExpiresAt == null || w.LeaseExpiresAt < now)))
                .OrderBy(w => w.Id)
                .Select(w => new { w.Id, w.Status, w.Attempts, w.LeaseOwner })
                .FirstOrDefaultAsync(ct);
            if (next is null) return null;

            // Only the node that changes the row from exactly this state wins it.
            var same = Queue(db).Where(w => w.Id == next.Id && w.Status == next.Status && w.Attempts == next.Attempts
                && (w.Status == LeasedWorkStatus.Queued || w.LeaseExpiresAt == null || w.LeaseExpiresAt < now));
            if (next.Status == LeasedWorkStatus.Running)
            {
                Services.Metrics.LeasesExpired.Add(1, new KeyValuePair<string, object?>("worker", Name));
                Logger.LogWarning("{Worker} {Id}: the lease of {Node} ran out after attempt {Attempt}", Name, next.Id, next.LeaseOwner, next.Attempts);
                if (next.Attempts >= MaxClaims)
                {
                    var reason = $"Given up after {next.Attempts} attempts: the node running it ({next.LeaseOwner}) stopped each time before finishing.";
                    if (await same.ExecuteUpdateAsync(s => s
                            .SetProperty(w => w.Status, LeasedWorkStatus.Failed)
                            .SetProperty(w => w.Error, reason)
                            .SetProperty(w => w.FinishedAt, now)
                            .SetProperty(w => w.LeaseOwner, (string?)null), ct) == 1)
                        await OnEndedAsync(db, next.Id, ct);
                    continue;
                }
            }
            var expires = now + options.Lease;
            if (await same.ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.Status, LeasedWorkStatus.Running)
                    .SetProperty(w => w.LeaseOwner, Services.Node.Id)
                    .SetProperty(w => w.LeaseExpiresAt, expires)
                    .SetProperty(w => w.Attempts, w => w.Attempts + 1), ct) == 1)
                return next.Id;
        }
    }

    /// <summary>
    /// Runs a claimed item while renewing its lease; an unexpected error fails that item alone.
    /// When another node has taken the item over (this node's lease ran out while it was slow),
    /// the run is cancelled and its writes are refused (<see cref="ILeasedWork.Attempts"/> is a
    /// concurrency token), so the item is finished once, by its current owner.
    /// </summary>
    private async Task RunLeasedAsync(long id, CancellationToken ct)
    {
        using var finished = new CancellationTokenSource();
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewLeaseAsync(id, lost, finished.Token);
        using var span = BugSageTracing.ForWorker(Name).StartActivity($"{Name} run");
        span?.SetTag("bugsage.work.id", id);
        var started = Clock.GetTimestamp();
        // Left as "stopped" when the host's shutdown cancels the run.
        var outcome = "stopped";
        try
        {
            await RunAsync(id, lost.Token);
            outcome = "done";
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (lost.IsCancellationRequested || e is DbUpdateConcurrencyException))
        {
            outcome = "taken_over";
            Logger.LogWarning("{Worker} {Id}: another node took it over; this node's run is dropped", Name, id);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            // Shutting down leaves the item running under a lease that will run out; anything else is this item's fault.
            outcome = "failed";
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            Services.Metrics.WorkItemsFailed.Add(1, new KeyValuePair<string, object?>("worker", Name));
            Logger.LogError(e, "{Worker} {Id} failed", Name, id);
            await FailAsync(id, $"Stopped by an unexpected error: {e.GetType().Name}: {e.Message}".Truncate(2000), ct);
        }
        finally
        {
            await finished.CancelAsync();
            await renewing;
            span?.SetTag("bugsage.work.outcome", outcome);
            var worker = new KeyValuePair<string, object?>("worker", Name);
            Services.Metrics.WorkItems.Add(1, worker, new KeyValuePair<string, object?>("outcome", outcome));
            Services.Metrics.WorkItemDurations.Record(Clock.GetElapsedTime(started).TotalSeconds, worker);
        }
    }

    private async Task FailAsync(long id, string reason, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        if (await Queue(db).Where(w => w.Id == id && w.Status == LeasedWorkStatus.Running && w.LeaseOwner == Services.Node.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, LeasedWorkStatus.Failed).SetProperty(w => w.Error, reason).SetProperty(w => w.FinishedAt, now), ct) == 1)
            await OnEndedAsync(db, id, ct);
    }

    /// <summary>
    /// Renews the lease every third of its length until the run ends; a renewal that fails is
    /// tried again at the next. When the item has passed to another node, <paramref name="lost"/>
    /// is cancelled; an item finished or cancelled by someone else is left to the run to notice.
    /// </summary>
    private async Task RenewLeaseAsync(long id, CancellationTokenSource lost, CancellationToken finished)
    {
        var lease = Services.Options.Value.Lease;
        while (!finished.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, Clock, finished);
                await using var scope = Services.Scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var expires = Clock.GetUtcNow().UtcDateTime + lease;
                if (await Queue(db).Where(w => w.Id == id && w.Status == LeasedWorkStatus.Running && w.LeaseOwner == Services.Node.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(w => w.LeaseExpiresAt, expires), finished) == 1) continue;
                var owner = await Queue(db).Where(w => w.Id == id).Select(w => w.LeaseOwner).FirstOrDefaultAsync(finished);
                if (owner != Services.Node.Id)
                {
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (finished.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Logger.LogWarning(e, "{Worker} {Id}: renewing the lease failed", Name, id);
            }
        }
    }

    public override void Dispose()
    {
        gate.Dispose();
        wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
