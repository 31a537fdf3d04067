using BugSage.Core.Processing.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BugSage.Server.Hosting;

/// <summary>
/// Background workers that keep failing: degraded while one is being restarted, unhealthy once
/// one has failed without a good round for five minutes (the node is up but not doing its work).
/// </summary>
internal sealed class WorkersHealthCheck(WorkerHealth health, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Stuck = TimeSpan.FromMinutes(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = health.Workers.Where(w => w.ConsecutiveFailures > 0).ToList();
        if (failing.Count == 0) return Task.FromResult(HealthCheckResult.Healthy());
        var data = failing.ToDictionary(w => w.Name, w => (object)new { w.ConsecutiveFailures, w.FailingSince, w.LastError });
        var now = clock.GetUtcNow().UtcDateTime;
        var description = "Failing and restarting: " + string.Join(", ", failing.Select(w => $"{w.Name} ({w.LastError})"));
        return Task.FromResult(failing.Any(w => now - w.FailingSince > Stuck)
            ? HealthCheckResult.Unhealthy(description, data: data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
