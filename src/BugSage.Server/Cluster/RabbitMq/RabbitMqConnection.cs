using RabbitMQ.Client;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// This node's connection to RabbitMQ, shared by the publisher of accepted envelopes and the digest's consumer. The first
/// connect happens at start and must succeed (a wrong address stops the start, naming the setting); after that the client
/// reconnects on its own while the publishes it cannot make answer 503.
/// </summary>
internal sealed class RabbitMqConnection(ClusterOptions options, ILogger<RabbitMqConnection> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim connecting = new(1, 1);
    private IConnection? connection;

    public string Queue => options.RabbitMqQueue;

    /// <summary>Host, port and virtual host, never the credentials, for messages and logs.</summary>
    public string Address => Describe(options.RabbitMq!);

    public bool IsOpen => connection?.IsOpen == true;

    public static string Describe(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) ? $"{u.Host}:{(u.IsDefaultPort ? 5672 : u.Port)}{(u.AbsolutePath is "/" or "" ? "/" : u.AbsolutePath)}" : "(unreadable URI)";

    public async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        if (connection is { } ready) return ready;
        await connecting.WaitAsync(ct);
        try
        {
            if (connection is not null) return connection;
            var factory = new ConnectionFactory
            {
                Uri = new Uri(options.RabbitMq!),
                ClientProvidedName = "bugsage",
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            };
            IConnection connected;
            try
            {
                connected = await factory.CreateConnectionAsync(ct);
                await using var channel = await connected.CreateChannelAsync(cancellationToken: ct);
                // A quorum queue keeps each message on a majority of the brokers' disks: a confirm means it survives a broker.
                await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"{ClusterOptions.Section}:RabbitMq: cannot use RabbitMQ at {Address} (queue '{Queue}'): {Innermost(e).Message}", e);
            }
            connected.ConnectionShutdownAsync += (_, e) =>
            {
                log.LogWarning("Lost RabbitMQ at {Address} ({Reason}): ingestion answers 503 until it is back", Address, e.ReplyText);
                return Task.CompletedTask;
            };
            connected.RecoverySucceededAsync += (_, _) =>
            {
                log.LogInformation("RabbitMQ at {Address} is back", Address);
                return Task.CompletedTask;
            };
            return connection = connected;
        }
        finally { connecting.Release(); }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connecting.Dispose();
    }
}
