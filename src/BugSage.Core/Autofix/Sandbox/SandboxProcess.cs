using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>How much a sandboxed command may use.</summary>
public sealed record SandboxLimits(TimeSpan Timeout, long MemoryBytes, int CpuSeconds)
{
    public static SandboxLimits Default { get; } = new(TimeSpan.FromMinutes(5), 8L << 30, 600);
}

/// <summary>What a sandboxed command did.</summary>
public sealed record CommandResult(int ExitCode, string Output, bool TimedOut, bool NetworkIsolated);

/// <summary>
/// Runs a repository's build or test command the way a fix must be proved: in its own network
/// namespace when the kernel allows (no network at all; the result says when it could not),
/// under CPU-time, memory and wall-clock limits, with an environment that holds no secrets.
/// </summary>
public static class SandboxProcess
{
    public const int OutputLimit = 64 * 1024;
    private static readonly Lazy<bool> NetworkNamespaces = new(() => Probe("unshare", "-n", "true"));

    public static bool CanIsolateNetwork => NetworkNamespaces.Value;

    public static async Task<CommandResult> RunAsync(string command, string workingDirectory, SandboxLimits limits, CancellationToken ct)
    {
        var isolate = CanIsolateNetwork;
        var psi = new ProcessStartInfo(isolate ? "unshare" : "prlimit") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (isolate) foreach (var a in new[] { "-n", "--", "prlimit" }) psi.ArgumentList.Add(a);
        foreach (var a in new[] { $"--as={limits.MemoryBytes}", $"--cpu={limits.CpuSeconds}", "--", "/bin/sh", "-c", command }) psi.ArgumentList.Add(a);

        // Only what builds need; nothing of BugSage's own configuration, keys or connection strings.
        var home = Path.Combine(workingDirectory, ".sandbox-home");
        Directory.CreateDirectory(home);
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = home;
        psi.Environment["TMPDIR"] = home;
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["CI"] = "true";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_GCHeapHardLimit"] = limits.MemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("the sandbox did not start");
        var output = new StringBuilder();
        var reading = Task.WhenAll(Pump(process.StandardOutput, output), Pump(process.StandardError, output));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(limits.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (!timedOut) throw;
        }
        await reading;
        string text;
        lock (output) text = output.Length <= OutputLimit ? output.ToString() : "…\n" + output.ToString(output.Length - OutputLimit, OutputLimit);
        return new CommandResult(timedOut ? -1 : process.ExitCode, text + (timedOut ? $"\n[stopped after {limits.Timeout.TotalSeconds:0} s]" : ""), timedOut, isolate);
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            lock (into) into.Append(buffer, 0, read);
    }

    private static bool Probe(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return false;
            p.WaitForExit(5000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
