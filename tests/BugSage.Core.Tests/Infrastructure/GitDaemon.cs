using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BugSage.Tests.Infrastructure;

/// <summary>A bare copy of a test repository served by <c>git daemon</c> on a loopback port: a remote reached over the git protocol.</summary>
public sealed class GitDaemon : IAsyncDisposable
{
    private readonly Process daemon;
    private readonly string served;

    private GitDaemon(Process daemon, string served, int port)
    {
        this.daemon = daemon;
        this.served = served;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The repository's URL with <paramref name="host"/> standing for the loopback address.</summary>
    public string Url(string host = "127.0.0.1") => $"git://{host}:{Port}/shop.git";

    public static async Task<GitDaemon> ServeAsync(TestRepository repository)
    {
        var served = Directory.CreateTempSubdirectory("bugsage-served-").FullName;
        repository.Git("clone", "-q", "--bare", repository.Path, Path.Combine(served, "shop.git"));
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("git", ["daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", $"--port={port}", $"--base-path={served}", served])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var daemon = new GitDaemon(process, served, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ExitCodeAsync("git", "ls-remote", daemon.Url()) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new TimeoutException("git daemon never served " + daemon.Url());
            }
            await Task.Delay(100);
        }
        return daemon;
    }

    /// <summary>Pushes the repository's branches and tags to the served copy, as a developer's push to the remote would.</summary>
    public void Publish(TestRepository repository)
    {
        repository.Git("push", "-q", "--force", System.IO.Path.Combine(served, "shop.git"), "--all");
        repository.Git("push", "-q", "--force", System.IO.Path.Combine(served, "shop.git"), "--tags");
    }

    private static async Task<int> ExitCodeAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        daemon.Kill(entireProcessTree: true);
        await daemon.WaitForExitAsync();
        daemon.Dispose();
        Directory.Delete(served, recursive: true);
    }
}
