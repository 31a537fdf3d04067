namespace BugSage.Server.Cluster;

/// <summary>
/// Cluster mode (<c>BugSage:Cluster</c>, docs/scale-out.md): several nodes behind a load balancer on one PostgreSQL
/// database, sharing live events, cache forgets and rate-limit counts through Redis. Off by default: one process on
/// SQLite needs none of it.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "BugSage:Cluster";

    public bool Enabled { get; set; }

    /// <summary>The StackExchange.Redis connection string, such as <c>redis:6379,password=…</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// How long a periodic job's lease lasts without renewal (seconds): how long the jobs of a node that died wait before
    /// another node runs them. The holder renews every third of it.
    /// </summary>
    public int JobLeaseSeconds { get; set; } = 60;

    /// <summary>
    /// What is missing for cluster mode to start, each naming its setting; empty when nothing is. Checked while the
    /// host is built, so a node that would run alone while believing itself part of a cluster never starts.
    /// </summary>
    public IReadOnlyList<string> Missing(IConfiguration configuration)
    {
        if (!Enabled) return [];
        var missing = new List<string>();
        var provider = configuration["BugSage:Storage:Provider"];
        if (!string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase))
            missing.Add($"PostgreSQL: set BugSage:Storage:Provider to 'postgres' (it is '{provider ?? "sqlite"}'); nodes share one database, never a file each");
        else if (string.IsNullOrWhiteSpace(configuration["BugSage:Storage:ConnectionString"]))
            missing.Add("PostgreSQL: set BugSage:Storage:ConnectionString");
        if (JobLeaseSeconds is < 6 or > 3600)
            missing.Add($"{Section}:JobLeaseSeconds must be between 6 and 3600 (it is {JobLeaseSeconds})");
        if (string.IsNullOrWhiteSpace(Redis))
            missing.Add($"Redis: set {Section}:Redis to a connection string such as 'redis:6379'");
        return missing;
    }
}
