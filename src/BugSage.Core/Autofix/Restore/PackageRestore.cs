using System.Text;
using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// A repository's restore step (<c>npm ci</c>, <c>dotnet restore</c>, <c>pip install --target …</c>):
/// run in the sandbox in each worktree before anything of a candidate is applied, so the only code
/// that ever runs with this access is the repository's own at the revision being fixed. It may
/// write the repository's package cache and reach the configured registries through
/// <see cref="RegistryProxy"/>, or, <see cref="Offline"/>, nothing at all. Build and test then see
/// the cache read-only (<see cref="ForBuildAndTest"/>) and have no network.
/// </summary>
public sealed record PackageRestore(string Command, RegistryHosts Registries, string Cache, TimeSpan Timeout)
{
    public bool Offline { get; init; }

    public RegistryForwarder Forwarder { get; init; } = RegistryForwarder.Host;

    /// <summary>Where a registry's name may lead: the server's outbound address policy; the system resolver when null.</summary>
    public RegistryProxy.Resolve? Resolve { get; init; }

    /// <summary>Why this step cannot run here (the forwarder is missing), or null when it can.</summary>
    public string? Unavailable => Offline ? null : Forwarder.Unavailable;

    /// <summary>What the build, the static checks and the tests may reach: the cache, read-only.</summary>
    public SandboxAccess ForBuildAndTest => new() { PackageCache = Cache };

    /// <summary>Runs the command in <paramref name="worktree"/> under <paramref name="limits"/> (with this step's own timeout); the log says what ran, what it printed and what the proxy refused.</summary>
    public async Task<(bool Restored, string Log)> RunAsync(string worktree, SandboxLimits limits, CancellationToken ct)
    {
        var log = new StringBuilder().Append("$ ").AppendLine(Command);
        var access = new SandboxAccess { PackageCache = Cache, PackageCacheWritable = true };
        CommandResult result;
        if (Offline)
        {
            result = await SandboxProcess.RunAsync(Command, worktree, limits with { Timeout = Timeout }, access, ct);
            log.AppendLine(result.Output);
        }
        else
        {
            // A directory only the sandbox user (and the server) can pass through holds the proxy's socket.
            var directory = Directory.CreateTempSubdirectory("bugsage-registry-").FullName;
            try
            {
                await using var proxy = RegistryProxy.Start(Path.Combine(directory, "registry.sock"), Registries, Resolve);
                await Bubblewrap.GrantAsync(directory, ct);
                result = await SandboxProcess.RunAsync(Command, worktree, limits with { Timeout = Timeout },
                    access with { RegistrySocket = Path.Combine(directory, "registry.sock"), Forwarder = Forwarder }, ct);
                log.AppendLine(result.Output);
                foreach (var refusal in proxy.Refusals) log.AppendLine($"[restore] refused {refusal}");
            }
            finally
            {
                try { Directory.Delete(directory, recursive: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* only an empty socket file: the OS temp cleaner takes it */ }
            }
        }
        if (result.ExitCode != 0) log.AppendLine($"[restore] failed (exit code {result.ExitCode}): nothing was built or tested");
        return (result.ExitCode == 0, log.ToString());
    }
}
