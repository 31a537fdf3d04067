using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> for one test: its own port and directory, nothing persisted
/// (<c>--save "" --appendonly no</c>), stopped and removed on dispose. Tests that need Redis gone stop it early.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private RedisServer(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What BugSage's <c>BugSage:Cluster:Redis</c> takes.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server binary (<c>BUGSAGE_REDIS_SERVER</c>, else on the PATH), or null when this machine has none.</summary>
    public static string? Binary { get; } = FindBinary();

    public static async Task<RedisServer> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException("redis-server not found.");
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-redis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var psi = new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start redis-server.");
        // Drained, so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await server.AnswersPingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING within 15 seconds.");
            }
            await Task.Delay(50);
        }
        return server;
    }

    /// <summary>Stops the server now, as an outage would.</summary>
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
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
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
        var configured = Environment.GetEnvironmentVariable("BUGSAGE_REDIS_SERVER");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that runs BugSage nodes in cluster mode; skipped, visibly, only where redis-server or PostgreSQL is absent.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (RedisServer.Binary is null)
            Skip = BugSage.Tests.Infrastructure.Capabilities.Missing + "redis-server (Debian's redis-server package), for cluster mode";
        else if (PostgresCluster.BinDirectory is null)
            Skip = BugSage.Tests.Infrastructure.Capabilities.Missing + "PostgreSQL server binaries (initdb, pg_ctl), for cluster mode";
    }
}
