using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RabbitMQ.Client;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>rabbitmq-server</c>: its own node name, AMQP and distribution ports, Erlang cookie (its own HOME) and
/// database and log directories under one temp directory, stopped and removed on dispose. A start takes many seconds, so a
/// test class shares one (<see cref="RabbitMqBroker"/>) and each test uses a queue of its own.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private readonly Process process;
    private readonly string directory;

    private RabbitMqServer(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What BugSage's <c>BugSage:Cluster:RabbitMq</c> takes (the default guest user, allowed from loopback).</summary>
    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>The server script (<c>BUGSAGE_RABBITMQ_SERVER</c>, Debian's, else on the PATH), or null when this machine has none.</summary>
    public static string? Binary { get; } = FindBinary();

    /// <param name="config">rabbitmq.conf lines for this broker (a lowered <c>max_message_size</c>, say).</param>
    public static async Task<RabbitMqServer> StartAsync(string? config = null)
    {
        var binary = Binary ?? throw new InvalidOperationException("rabbitmq-server not found.");
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-rabbitmq-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var sub in new[] { "home", "mnesia", "log", "conf.d" }) Directory.CreateDirectory(Path.Combine(directory, sub));
        if (config is not null) await File.WriteAllTextAsync(Path.Combine(directory, "conf.d", "10-test.conf"), config);
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].");
        var (port, distPort) = (FreePort(), FreePort());
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
            Environment =
            {
                // HOME holds the Erlang cookie: a fresh one per broker, so no other node on this machine can join it.
                ["HOME"] = Path.Combine(directory, "home"),
                ["RABBITMQ_NODENAME"] = $"bugsage-test-{port}@localhost",
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
                ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
                ["RABBITMQ_CONFIG_FILES"] = Path.Combine(directory, "conf.d"),
            },
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RabbitMqServer(process, directory, port);
        var watch = Stopwatch.StartNew();
        while (!await server.AcceptsConnectionsAsync())
        {
            if (process.HasExited || watch.Elapsed > StartLimit)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"rabbitmq-server on port {port} did not accept an AMQP connection within {StartLimit.TotalSeconds:0} seconds.");
            }
            await Task.Delay(250);
        }
        return server;
    }

    /// <summary>Stops the broker now, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* left to the OS temp cleaner */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A connection of the test's own, to look at or feed a queue as RabbitMQ would.</summary>
    public Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = new System.Uri(Uri) }.CreateConnectionAsync();

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = await new ConnectionFactory { Uri = new System.Uri(Uri), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) }.CreateConnectionAsync();
            return connection.IsOpen;
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("BUGSAGE_RABBITMQ_SERVER");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        // Debian's script under /usr/lib runs the broker as the caller; the one in /usr/sbin switches to the rabbitmq user.
        return new[] { "/usr/lib/rabbitmq/bin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            .Select(d => Path.Combine(d, "rabbitmq-server")).FirstOrDefault(File.Exists);
    }
}

/// <summary>One broker for a test class (xunit class fixture); started only where rabbitmq-server exists, else the tests skip.</summary>
public sealed class RabbitMqBroker : IAsyncLifetime
{
    private RabbitMqServer? server;

    public RabbitMqServer Server => server ?? throw new InvalidOperationException("rabbitmq-server is not installed here.");

    public async Task InitializeAsync()
    {
        if (RabbitMqServer.Binary is not null) server = await RabbitMqServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}

/// <summary>A cluster-mode fact that also needs RabbitMQ; skipped, visibly, where rabbitmq-server, redis-server or PostgreSQL is absent.</summary>
public sealed class RabbitMqClusterFactAttribute : FactAttribute
{
    public RabbitMqClusterFactAttribute()
    {
        if (RabbitMqServer.Binary is null)
            Skip = BugSage.Tests.Infrastructure.Capabilities.Missing + "rabbitmq-server (Debian's rabbitmq-server package), for cluster-mode ingestion";
        else if (new ClusterFactAttribute().Skip is { } skip)
            Skip = skip;
    }
}
