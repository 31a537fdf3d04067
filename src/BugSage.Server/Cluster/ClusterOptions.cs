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
    /// An AMQP URI (<c>amqp://user:password@rabbit:5672/vhost</c>). When set, accepted envelopes wait in a RabbitMQ quorum
    /// queue that every node digests from, instead of in each node's own inbox: a node that dies for good loses nothing.
    /// </summary>
    public string? RabbitMq { get; set; }

    /// <summary>The quorum queue's name; every node of one cluster uses the same.</summary>
    public string RabbitMqQueue { get; set; } = "bugsage.envelopes";

    /// <summary>Messages waiting in the queue past which ingestion answers 429 (the digest cannot keep up).</summary>
    public long RabbitMqMaxQueueDepth { get; set; } = 1_000_000;

    /// <summary>
    /// The broker's <c>max_message_size</c> (bytes; RabbitMQ 4's default is 16 MiB). AMQP does not tell a client this limit,
    /// so it is set here to match the broker: an envelope that would not fit is answered 413 before it is published, never
    /// 503 on every retry. A broker that refuses a message for its size anyway lowers the limit to the one it names.
    /// </summary>
    public long RabbitMqMaxMessageBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// How long (hours) the digest remembers the ids of the messages it committed, to skip one RabbitMQ delivers again after
    /// a lost acknowledgement. A message comes back as soon as the broker sees its consumer's connection gone (at most two
    /// heartbeats, a minute or two) and another node takes it; it waits longer only while no node consumes the queue at
    /// all, so this bounds the whole-cluster outage after which a redelivered message is still recognised.
    /// </summary>
    public int RabbitMqMessageIdHours { get; set; } = 24;

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
        if (RabbitMq is not null && !(Uri.TryCreate(RabbitMq, UriKind.Absolute, out var amqp) && amqp.Scheme is "amqp" or "amqps"))
            missing.Add($"RabbitMQ: {Section}:RabbitMq must be an AMQP URI such as 'amqp://user:password@rabbit:5672/'");
        if (RabbitMqQueue is not { Length: > 0 and <= 200 })
            missing.Add($"{Section}:RabbitMqQueue must be 1 to 200 characters");
        if (RabbitMqMaxQueueDepth < 1)
            missing.Add($"{Section}:RabbitMqMaxQueueDepth must be at least 1 (it is {RabbitMqMaxQueueDepth})");
        if (RabbitMqMaxMessageBytes is < 64 * 1024 or > 512L * 1024 * 1024)
            missing.Add($"{Section}:RabbitMqMaxMessageBytes must be between 65536 and 536870912, RabbitMQ's ceiling (it is {RabbitMqMaxMessageBytes})");
        if (RabbitMqMessageIdHours is < 1 or > 24 * 30)
            missing.Add($"{Section}:RabbitMqMessageIdHours must be between 1 and 720 (it is {RabbitMqMessageIdHours})");
        return missing;
    }
}
