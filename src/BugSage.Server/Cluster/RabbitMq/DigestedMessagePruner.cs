using BugSage.Core.Data;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// Keeps the record of digested RabbitMQ messages bounded: ids older than <see cref="ClusterOptions.RabbitMqMessageIdHours"/>
/// are deleted every ten minutes, in small batches so a large prune never holds the table. Past that age a message is no
/// longer expected to come back (see the option). In a cluster it runs on the node holding its lease.
/// </summary>
public sealed class DigestedMessagePruner(WorkerServices services, ClusterOptions cluster, ILogger<DigestedMessagePruner> logger)
    : PeriodicWorker(services, logger, "digested-message-pruner")
{
    private const int Batch = 5000;

    /// <summary>Deletes the ids past their age; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = Clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(cluster.RabbitMqMessageIdHours);
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var total = 0;
        while (true)
        {
            var ids = await db.DigestedMessages.Where(m => m.DigestedAt < cutoff).OrderBy(m => m.DigestedAt).Select(m => m.MessageId).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0) return total;
            total += await db.DigestedMessages.Where(m => ids.Contains(m.MessageId)).ExecuteDeleteAsync(ct);
        }
    }

    protected override TimeSpan Period => TimeSpan.FromMinutes(10);

    protected override Task RunRoundAsync(CancellationToken ct) => PruneAsync(ct);
}
