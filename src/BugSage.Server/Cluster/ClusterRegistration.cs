using BugSage.Core.Caching;
using BugSage.Core.Cluster;
using BugSage.Core.Processing.Inbox;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BugSage.Server.Cluster;

/// <summary>
/// Cluster mode's services, registered only when <c>BugSage:Cluster:Enabled</c> is true; without it nothing here runs
/// and the node is the single process it always was.
/// </summary>
public static class ClusterRegistration
{
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!options.Enabled) return builder;
        if (options.Missing(builder.Configuration) is { Count: > 0 } missing)
            throw new InvalidOperationException($"Cluster mode ({ClusterOptions.Section}:Enabled) cannot start. Missing: {string.Join("; ", missing)}.");
        AddClusterServices(builder.Services, options);
        return builder;
    }

    /// <summary>
    /// Apart from <see cref="AddCluster"/> so that Redis's and RabbitMQ's assemblies load only in cluster mode: compiling a
    /// method loads every assembly it names.
    /// </summary>
    private static void AddClusterServices(IServiceCollection services, ClusterOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ClusterRedis>();
        services.AddHostedService<ClusterStartCheck>();

        // Live events and cache forgets reach every node.
        services.AddHostedService<LiveEventFanOut>();
        services.AddSingleton<CacheForgetFanOut>();
        services.AddSingleton<ICacheFanOut>(sp => sp.GetRequiredService<CacheForgetFanOut>());
        services.AddHostedService(sp => sp.GetRequiredService<CacheForgetFanOut>());

        // HybridCache takes the registered distributed cache as its second level.
        services.AddStackExchangeRedisCache(o => o.InstanceName = ClusterRedis.Prefix + "cache:");
        services.AddOptions<RedisCacheOptions>().Configure<ClusterRedis>((o, redis) => o.ConnectionMultiplexerFactory = redis.ConnectAsync);
        services.AddSingleton<IDistributedCache>(sp => new RedisSecondLevel(new RedisCache(sp.GetRequiredService<IOptions<RedisCacheOptions>>()),
            sp.GetRequiredService<ILogger<RedisSecondLevel>>(), sp.GetRequiredService<TimeProvider>()));

        // No SignalR backplane: the hub only ever sends to connections this node holds (LiveRelay), and what other nodes
        // produce reaches them through LiveEventFanOut. A backplane would add a Redis subscription per connection for nothing.

        // Periodic jobs (aging, retention, the weekly summary, sweeps) run on the node holding each job's lease.
        services.AddSingleton<ClusterLeases>();
        services.AddSingleton<IJobLeadership>(sp => sp.GetRequiredService<ClusterLeases>());
        services.AddHostedService<ClusterLeaseKeeper>();

        // Ingestion per key, sign-in per address, API budgets per caller: one count for the cluster.
        services.AddSingleton<ISharedCounters, RedisCounters>();

        if (options.RabbitMq is not null) AddRabbitMqIngestion(services);

        // Redis away degrades the node rather than taking it out of the balancer: ingestion and the digest do not need it.
        services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<ClusterRedis>().ConnectAsync().GetAwaiter().GetResult(),
            name: "redis", failureStatus: HealthStatus.Degraded, tags: ["ready"], timeout: TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// Accepted envelopes go to the RabbitMQ queue every node digests from, in place of this node's inbox: registered after
    /// the inbox's queue, it is the one ingestion and the digest resolve. Started (and so checked) after Redis.
    /// </summary>
    private static void AddRabbitMqIngestion(IServiceCollection services)
    {
        services.AddSingleton<RabbitMq.RabbitMqConnection>();
        services.AddSingleton<RabbitMq.RabbitEnvelopeQueue>();
        services.AddSingleton<IEnvelopeQueue>(sp => sp.GetRequiredService<RabbitMq.RabbitEnvelopeQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMq.RabbitEnvelopeQueue>());
        services.AddHealthChecks().AddCheck<RabbitMq.RabbitMqHealthCheck>("rabbitmq", tags: ["ready"]);
        services.AddSingleton<RabbitMq.DigestedMessagePruner>();
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMq.DigestedMessagePruner>());
    }
}
