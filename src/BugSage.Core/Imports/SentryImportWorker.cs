using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Imports;

/// <summary>
/// Runs queued Sentry imports, one node per job under a lease (see <see cref="QueuedWorker{TWork}"/>).
/// A node that dies mid-import leaves a lease that runs out; the job is claimed again and goes on
/// from its last written page.
/// </summary>
public sealed class SentryImportWorker(WorkerServices services, ILogger<SentryImportWorker> logger) : QueuedWorker<SentryImportJob>(services, logger, "sentry-import")
{
    protected override DbSet<SentryImportJob> Queue(AppDbContext db) => db.SentryImportJobs;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SentryImporter>().RunAsync(id, null, ct);
    }
}
