using BugSage.Core.Autofix.Restore;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// What a sandboxed command may reach besides its worktree and the read-only toolchains. By
/// default nothing (<see cref="None"/>). With a restore step: the repository's package cache,
/// writable only while restoring and read-only to build and test; and, to the restore step alone,
/// the registry proxy's socket.
/// </summary>
public sealed record SandboxAccess
{
    /// <summary>Where the package cache is inside the sandbox: the same path in every step, because restore writes absolute paths (NuGet's assets file) that the build reads.</summary>
    public const string PackageCacheMount = "/var/cache/packages";

    public static SandboxAccess None { get; } = new();

    public string? PackageCache { get; init; }

    public bool PackageCacheWritable { get; init; }

    /// <summary>The registry proxy's socket on this machine, bound into the sandbox at <see cref="RegistryForwarder.SocketMount"/>.</summary>
    public string? RegistrySocket { get; init; }

    /// <summary>What carries the command's connections to <see cref="RegistrySocket"/>.</summary>
    public RegistryForwarder? Forwarder { get; init; }

    /// <summary>Variables the command gets besides the sandbox's own: how the runner must report, or the reproduction's per-run nonce.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The variables that point package managers at the cache and, while restoring, at the proxy, then <see cref="Variables"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment()
    {
        foreach (var variable in Variables) yield return variable;
        if (PackageCache is not null)
        {
            yield return new("NUGET_PACKAGES", $"{PackageCacheMount}/nuget");
            yield return new("NUGET_HTTP_CACHE_PATH", $"{PackageCacheMount}/nuget-http");
            yield return new("npm_config_cache", $"{PackageCacheMount}/npm");
            yield return new("PIP_CACHE_DIR", $"{PackageCacheMount}/pip");
            // npm writes its logs into its cache, which build and test cannot write.
            if (!PackageCacheWritable) yield return new("npm_config_logs_dir", "/tmp/npm-logs");
        }
        if (RegistrySocket is null) yield break;
        // Both spellings: curl and pip read the lower case, .NET and npm either; npm's own settings as well.
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "npm_config_proxy", "npm_config_https_proxy" })
            yield return new(name, RegistryForwarder.ProxyUrl);
    }
}
