using BugSage.Core.Processing;
using BugSage.Server.Hosting;

namespace BugSage.Server.Cluster;

/// <summary>
/// First of the cluster's services to start: reaches Redis (a wrong address stops the start, naming the setting) and
/// says which node this is. Warns when no proxy is trusted, since behind a load balancer every client would then share
/// the balancer's address in sign-in limits, API budgets and audit.
/// </summary>
internal sealed class ClusterStartCheck(ClusterRedis redis, NodeIdentity node, IConfiguration configuration, ILogger<ClusterStartCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await redis.ConnectAsync();
        log.LogInformation("Cluster mode: node {Node}, Redis at {Endpoints}", node.Id, string.Join(", ", connection.GetEndPoints().Select(e => e.ToString())));
        if (configuration.GetSection(ReverseProxy.TrustedKey).Get<string[]>() is not { Length: > 0 })
            log.LogWarning("Cluster mode without {Setting}: behind a load balancer every client shares its address in sign-in limits and API budgets", ReverseProxy.TrustedKey);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
