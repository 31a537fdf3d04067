using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// BugSage as a real operating-system process on a loopback port, for what an in-memory host
/// cannot show: a <c>kill -9</c> and a restart on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private ServerProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public string Output { get { lock (output) return string.Join('\n', output); } }

    /// <param name="environment">More environment variables for the process.</param>
    /// <param name="readyWithin">How long it may take to answer ready (default 60 s); starts under heavy load take longer.</param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int? port = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? readyWithin = null)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "BugSage.Server.dll");
        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var psi = new ProcessStartInfo("dotnet", [serverDll, "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["BugSage__DataDirectory"] = dataDirectory,
                ["BugSage__Bootstrap__AdminEmail"] = BugSageFactory.AdminEmail,
                ["BugSage__Bootstrap__AdminPassword"] = BugSageFactory.AdminPassword,
                ["BugSage__Ingestion__MinFreeDiskBytes"] = "0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server.output) server.output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server.output) server.output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
        return server;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            // A probe slower than its 5 s (a busy machine during start-up) is asked again until the deadline.
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not become ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
