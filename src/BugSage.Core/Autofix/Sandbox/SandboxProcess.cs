using System.Diagnostics;
using System.Globalization;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Runs a repository's build, test or check command the way a fix must be proved: inside
/// <see cref="Bubblewrap"/> (no network, nothing of the server visible), under CPU-time, memory,
/// process, output and wall-clock limits, with an environment that holds no secrets; only what
/// <see cref="SandboxAccess"/> grants is added (the restore step's cache and registry proxy). On timeout,
/// cancellation or too much output the whole PID namespace is killed, so nothing it started
/// survives. When the sandbox cannot be set up the command does not run.
/// </summary>
public static class SandboxProcess
{
    /// <summary>Characters of output kept for the log: the end, where runners summarise failures.</summary>
    public const int OutputLimit = 64 * 1024;

    /// <summary>PATH inside the sandbox: only what is mounted there.</summary>
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Whether commands run at all (and so without network); see <see cref="Bubblewrap.Unavailable"/>.</summary>
    public static bool CanIsolateNetwork => Bubblewrap.Host.Unavailable is null;

    public static Task<CommandResult> RunAsync(string command, string workingDirectory, SandboxLimits limits, CancellationToken ct) =>
        RunAsync(Bubblewrap.Host, command, workingDirectory, limits, ct);

    public static Task<CommandResult> RunAsync(string command, string workingDirectory, SandboxLimits limits, SandboxAccess access, CancellationToken ct) =>
        RunAsync(Bubblewrap.Host, command, workingDirectory, limits, access, ct);

    public static Task<CommandResult> RunAsync(Bubblewrap sandbox, string command, string workingDirectory, SandboxLimits limits, CancellationToken ct) =>
        RunAsync(sandbox, command, workingDirectory, limits, SandboxAccess.None, ct);

    public static async Task<CommandResult> RunAsync(Bubblewrap sandbox, string command, string workingDirectory, SandboxLimits limits, SandboxAccess access, CancellationToken ct)
    {
        if (sandbox.Unavailable is { } why)
            return new CommandResult(-1, $"[sandbox] not run: {why}", false, false) { Refused = why };
        // Registry access only ever goes through the forwarder: without it the command does not run, rather than run some other way.
        if (access.RegistrySocket is not null && (access.Forwarder is null ? "no forwarder was given" : access.Forwarder.Unavailable) is { } missing)
            return new CommandResult(-1, $"[restore] not run: {missing}", false, true) { Refused = missing };

        var worktree = System.IO.Path.GetFullPath(workingDirectory);
        var home = System.IO.Path.Combine(worktree, ".sandbox-home");
        Directory.CreateDirectory(home);
        await Bubblewrap.GrantAsync(worktree, ct);
        var psi = sandbox.StartInfo(command, worktree, limits, access);
        // Only what builds need; nothing of BugSage's own configuration, keys or connection strings.
        psi.Environment.Clear();
        psi.Environment["PATH"] = Bubblewrap.DotnetRoot() is { } dotnet ? $"{Path}:{dotnet}" : Path;
        psi.Environment["HOME"] = home;
        psi.Environment["TMPDIR"] = "/tmp";
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["CI"] = "true";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        // No first-run work that needs a network or a certificate store the sandbox does not have.
        psi.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        psi.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true";
        psi.Environment["DOTNET_ADD_GLOBAL_TOOLS_TO_PATH"] = "false";
        psi.Environment["NUGET_CERT_REVOCATION_MODE"] = "offline";
        psi.Environment["DOTNET_GCHeapHardLimit"] = limits.MemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in access.Environment()) psi.Environment[name] = value;

        using var process = await SandboxLauncher.StartAsync(psi);
        process.StandardInput.Close();
        using var output = new CappedOutput(OutputLimit, limits.OutputBytes);
        var reading = Task.WhenAll(output.PumpAsync(process.StandardOutput.BaseStream), output.PumpAsync(process.StandardError.BaseStream));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, output.Exceeded.Token);
        limit.CancelAfter(limits.Timeout);
        var (timedOut, cut) = (false, false);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            cut = output.Exceeded.IsCancellationRequested;
            timedOut = !cut && !ct.IsCancellationRequested;
            // bwrap's child is PID 1 of the namespace and dies with bwrap (--die-with-parent); with it the kernel kills every process inside.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (!timedOut && !cut) throw;
        }
        await reading;
        var text = output.Text();
        if (timedOut) text += $"\n[sandbox] stopped after {limits.Timeout.TotalSeconds:0} s";
        if (cut) text += $"\n[sandbox] stopped after printing more than {limits.OutputBytes / 1024} KiB";
        return new CommandResult(timedOut || cut ? -1 : process.ExitCode, text, timedOut, true) { OutputCut = cut };
    }
}
