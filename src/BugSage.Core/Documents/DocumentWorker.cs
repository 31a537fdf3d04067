using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Documents;

/// <summary>
/// Runs queued document jobs one at a time under a lease (see <see cref="QueuedWorker{TWork}"/>).
/// A document that cannot be read fails its own job; an unexpected error fails that job too,
/// and the worker goes on with the next.
/// </summary>
public sealed class DocumentWorker(WorkerServices services, ILogger<DocumentWorker> logger) : QueuedWorker<DocumentJob>(services, logger, "documents")
{
    protected override DbSet<DocumentJob> Queue(AppDbContext db) => db.DocumentJobs;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DocumentIngester>().RunAsync(id, ct);
    }

    /// <summary>A job the queue failed (an unexpected error, or given up after lost leases) fails its document too, and lets go of the file.</summary>
    protected override async Task OnEndedAsync(AppDbContext db, long id, CancellationToken ct)
    {
        var documentId = await db.DocumentJobs.Where(j => j.Id == id).Select(j => j.DocumentId).FirstOrDefaultAsync(ct);
        await db.DocumentJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Content, (byte[]?)null), ct);
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Failed), ct);
    }
}
