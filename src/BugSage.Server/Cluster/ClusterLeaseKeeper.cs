using BugSage.Core.Processing.Supervision;

namespace BugSage.Server.Cluster;

/// <summary>
/// Renews this node's job leases every third of their length, takes over those another node let run out (it died), and
/// releases them when the node stops, so that a rolling restart hands the jobs over at once rather than after a lease.
/// </summary>
public sealed class ClusterLeaseKeeper(WorkerServices services, ClusterLeases leases, ILogger<ClusterLeaseKeeper> logger)
    : SupervisedWorker(services, logger, "cluster-leases")
{
    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!Services.Options.Value.RunInBackground) return;
        using var timer = new PeriodicTimer(leases.Lease / 3, Clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await leases.KeepAsync(stoppingToken);
            ReportProgress();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await leases.ReleaseAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not released: the leases run out on their own and another node takes the jobs over then.
            Logger.LogWarning(e, "Could not release this node's job leases");
        }
    }
}
