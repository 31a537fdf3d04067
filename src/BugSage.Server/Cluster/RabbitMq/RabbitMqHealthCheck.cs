using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// Unhealthy while this node's connection to RabbitMQ is down (it cannot accept envelopes: they would be answered 503),
/// degraded while the queue is over its bound (ingestion answers 429).
/// </summary>
internal sealed class RabbitMqHealthCheck(RabbitMqConnection rabbit, RabbitEnvelopeQueue queue, ClusterOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["queue"] = rabbit.Queue, ["depth"] = queue.Depth };
        if (!rabbit.IsOpen)
            return Task.FromResult(HealthCheckResult.Unhealthy($"RabbitMQ at {rabbit.Address} cannot be reached; ingestion answers 503.", data: data));
        return Task.FromResult(queue.IsOverBacklogBound
            ? HealthCheckResult.Degraded($"The queue holds more than {options.RabbitMqMaxQueueDepth} messages; ingestion answers 429.", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
