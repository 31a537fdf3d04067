using BugSage.Core.Configuration;
using BugSage.Core.Processing.Inbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Hosting;

/// <summary>The inbox is started and its backlog is under the bound that makes ingestion refuse work.</summary>
internal sealed class InboxHealthCheck(InboxLog inbox, IOptions<IngestionOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["backlogBytes"] = inbox.BacklogBytes };
        if (inbox.DurablePosition.Segment == 0)
            return Task.FromResult(HealthCheckResult.Unhealthy("The inbox is not started.", data: data));
        return Task.FromResult(inbox.BacklogBytes > options.Value.MaxInboxBacklogBytes
            ? HealthCheckResult.Degraded("The inbox backlog is over its bound; ingestion answers 429.", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
