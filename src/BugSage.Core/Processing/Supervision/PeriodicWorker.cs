using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing.Supervision;

/// <summary>
/// A worker that does one round of work every <see cref="Period"/> (aging, retention, the weekly summary, sweeps). In one
/// process every round runs; in a cluster a round runs only on the node that holds the job's lease
/// (<see cref="Cluster.IJobLeadership"/>), so that the job runs once per period for the whole cluster, and passes to
/// another node when the holder stops or dies. The other nodes' loops keep ticking, ready to take over.
/// </summary>
public abstract class PeriodicWorker(WorkerServices services, ILogger logger, string name) : SupervisedWorker(services, logger, name)
{
    /// <summary>How long between rounds.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>One round of the job.</summary>
    protected abstract Task RunRoundAsync(CancellationToken ct);

    /// <summary>Runs a round if this node leads the job; true when it did. Tests call it with background work off.</summary>
    public async Task<bool> RunRoundIfLeadingAsync(CancellationToken ct)
    {
        if (Services.Leadership is { } leadership) return await leadership.RunIfLeadingAsync(Name, RunRoundAsync, ct);
        await RunRoundAsync(ct);
        return true;
    }

    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!Services.Options.Value.RunInBackground) return;
        using var timer = new PeriodicTimer(Period, Clock);
        do
        {
            await RunRoundIfLeadingAsync(stoppingToken);
            // A node that does not lead is as healthy as one that does: its loop is alive and ready to take over.
            ReportProgress();
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
