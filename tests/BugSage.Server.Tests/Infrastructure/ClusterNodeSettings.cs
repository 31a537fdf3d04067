using System.Globalization;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// The environment of a BugSage process started as one node of a test's cluster: the observer's PostgreSQL database and
/// secrets key (so every node reads what the others wrote), the test's own Redis and RabbitMQ queue, and its node id.
/// </summary>
public static class ClusterNodeSettings
{
    public static Dictionary<string, string> Of(BugSageFactory observer, RedisServer redis, RabbitMqServer broker, string queue, string nodeId, int batchSize) => new()
    {
        ["BugSage__Storage__Provider"] = "postgres",
        ["BugSage__Storage__ConnectionString"] = observer.ConnectionString!,
        ["BugSage__Secrets__KeyFile"] = Path.Combine(observer.DataDirectory, "secrets.key"),
        ["BugSage__Cluster__Enabled"] = "true",
        ["BugSage__Cluster__Redis"] = redis.ConnectionString,
        ["BugSage__Cluster__RabbitMq"] = broker.Uri,
        ["BugSage__Cluster__RabbitMqQueue"] = queue,
        ["BugSage__NodeId"] = nodeId,
        ["BugSage__Digest__BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
    };
}
