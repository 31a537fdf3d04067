using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>
/// Runs the reprocessing jobs an upload queues, off the upload's request: each maps again the
/// newest events of its release that have unmapped frames. Events that fail are counted and
/// named in the job; a job that throws fails alone and the worker goes on (see <see cref="QueuedWorker{TWork}"/>).
/// </summary>
public sealed class ReprocessWorker(WorkerServices services, ILogger<ReprocessWorker> logger) : QueuedWorker<ReprocessJob>(services, logger, "reprocess")
{
    /// <summary>Who merged issues in their history, when a job's events end up in another issue.</summary>
    public static readonly Actor Reprocessing = new(null, "source map reprocessing");

    protected override DbSet<ReprocessJob> Queue(AppDbContext db) => db.ReprocessJobs;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = await db.ReprocessJobs.FirstAsync(j => j.Id == id, ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<EventReprocessor>()
            .RunAsync(new ReprocessSelection(job.ProjectId, Release: job.Release, OnlyUnmapped: true), Reprocessing, ct);
        (job.Examined, job.Changed, job.Failed) = (outcome.Examined, outcome.Changed, outcome.Failed);
        job.Error = outcome.Failures.Count == 0 ? null : string.Join("; ", outcome.Failures).Truncate(2000);
        job.Status = ReprocessJobStatus.Done;
        job.FinishedAt = Clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
