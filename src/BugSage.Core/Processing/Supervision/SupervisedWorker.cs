using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing.Supervision;

/// <summary>
/// A background service that nothing can stop but the host's shutdown: when its loop throws,
/// the error is logged, counted and shown in <see cref="WorkerHealth"/>, and the loop starts
/// again after a wait that doubles with each failure in a row (up to a minute). An exception
/// escaping a <see cref="BackgroundService"/> would otherwise stop the whole host.
/// </summary>
public abstract class SupervisedWorker(WorkerServices services, ILogger logger, string name) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>The worker's name in logs, metrics and health.</summary>
    public string Name { get; } = name;

    /// <summary>Health, metrics, clock, node, options and scopes, shared by every worker.</summary>
    protected WorkerServices Services => services;

    protected ILogger Logger => logger;

    protected TimeProvider Clock => services.Clock;

    /// <summary>The worker's loop; returns only when the service should stop for good.</summary>
    protected abstract Task RunLoopAsync(CancellationToken stoppingToken);

    /// <summary>Called by the loop after each round that went through.</summary>
    protected void ReportProgress() => services.Health.Succeeded(Name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up finish before the first round: a worker's first failure is not the host's.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunLoopAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                services.Health.Failed(Name, e);
                services.Metrics.WorkerFailures.Add(1, new KeyValuePair<string, object?>("worker", Name));
                var failures = services.Health.ConsecutiveFailures(Name);
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(failures - 1, 12))));
                logger.LogError(e, "{Worker} failed ({Failures} in a row); restarting in {Delay}", Name, failures, delay);
                try { await Task.Delay(delay, services.Clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}

/// <summary>
/// What every supervised worker needs, bundled so that workers' constructors stay short. <paramref name="Leadership"/> is
/// registered in cluster mode only: without it this node leads every periodic job.
/// </summary>
public sealed record WorkerServices(
    WorkerHealth Health, BugSageMetrics Metrics, TimeProvider Clock, NodeIdentity Node,
    Microsoft.Extensions.Options.IOptions<Configuration.WorkerOptions> Options, Microsoft.Extensions.DependencyInjection.IServiceScopeFactory Scopes,
    Cluster.IJobLeadership? Leadership = null);
