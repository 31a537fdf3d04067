using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Autofix.Restore;

/// <summary>The restore step's reach, bound from <c>BugSage:Autofix:Restore</c>.</summary>
public sealed class RestoreOptions
{
    public const string Section = "BugSage:Autofix:Restore";

    /// <summary>NuGet, npm and PyPI: what restoring .NET, JavaScript and Python projects needs from the public registries.</summary>
    public static IReadOnlyList<string> DefaultRegistries { get; } = ["api.nuget.org", "registry.npmjs.org", "pypi.org", "files.pythonhosted.org"];

    /// <summary>
    /// Host names (or <c>host:port</c>) the restore step may reach. Null: <see cref="DefaultRegistries"/>.
    /// Null rather than the defaults themselves, because configuration binding appends a list to
    /// one already there instead of replacing it.
    /// </summary>
    public string[]? Registries { get; set; }

    /// <summary>No network at all, not even the registries: the restore step works from its package cache.</summary>
    public bool Offline { get; set; }

    /// <summary>The socat that carries the restore step's connections to the registry proxy: a name on the sandbox's PATH or an absolute path below /usr.</summary>
    [Required]
    public string Forwarder { get; set; } = "socat";

    /// <summary>Where the per-repository package caches live, kept across restarts. Empty: a temporary directory per process.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Wall-clock limit of one restore; a first restore downloads everything and may take longer than a build.</summary>
    [Range(10, 7200)]
    public int TimeoutSeconds { get; set; } = 600;

    public RegistryHosts Hosts => RegistryHosts.Parse(Registries ?? DefaultRegistries);

    /// <summary>Whether every configured registry is a host name or host:port (never an IP address or a URL).</summary>
    public bool RegistriesAreHostNames() => (Registries ?? []).All(r => RegistryHosts.Problem(r) is null);
}
