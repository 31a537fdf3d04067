using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// What a test needs from the machine beyond .NET. A test that lacks it is skipped, visibly,
/// with a reason that starts with <see cref="Missing"/>: <c>.ci/run</c> fails when any such
/// skip is reported, because CI installs every one of them.
/// </summary>
public static class Capabilities
{
    public const string Missing = "missing capability: ";
}

/// <summary>A fact that needs the sandbox to cut commands off the network (a network namespace).</summary>
public sealed class NetworkIsolationFactAttribute : FactAttribute
{
    public NetworkIsolationFactAttribute()
    {
        if (!SandboxProcess.CanIsolateNetwork) Skip = Capabilities.Missing + "network isolation for sandboxed commands (bubblewrap cannot run here)";
    }
}

/// <summary>A theory that needs the sandbox to cut commands off the network, as <see cref="NetworkIsolationFactAttribute"/>.</summary>
public sealed class NetworkIsolationTheoryAttribute : TheoryAttribute
{
    public NetworkIsolationTheoryAttribute()
    {
        if (!SandboxProcess.CanIsolateNetwork) Skip = Capabilities.Missing + "network isolation for sandboxed commands (bubblewrap cannot run here)";
    }
}

/// <summary>A fact that runs the OpenSSH client (git's ssh transport), without needing any ssh server.</summary>
public sealed class SshClientFactAttribute : FactAttribute
{
    public SshClientFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, "ssh")));
        if (!onPath) Skip = Capabilities.Missing + "the OpenSSH client (ssh), for git's ssh transport";
    }
}

/// <summary>A fact that needs the restore step: the sandbox, and socat to carry its connections to the registry proxy.</summary>
public sealed class PackageRestoreFactAttribute : FactAttribute
{
    public PackageRestoreFactAttribute()
    {
        if (!SandboxProcess.CanIsolateNetwork) Skip = Capabilities.Missing + "network isolation for sandboxed commands (bubblewrap cannot run here)";
        else if (BugSage.Core.Autofix.Restore.RegistryForwarder.Host.Unavailable is { } why) Skip = Capabilities.Missing + "the restore step's registry forwarder: " + why;
    }
}
