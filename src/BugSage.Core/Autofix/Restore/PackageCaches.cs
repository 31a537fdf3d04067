using System.Globalization;
using BugSage.Core.Autofix.Sandbox;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// One package cache per linked repository, owned by BugSage: below
/// <c>BugSage:Autofix:Restore:CacheDirectory</c> when set (kept across restarts), else in a
/// temporary directory this process makes and deletes when it stops. Never shared between
/// repositories, so no repository's restore can plant a package another one builds with; never in
/// the data directory, which the sandbox user must not be able to reach.
/// </summary>
public sealed class PackageCaches(IOptions<RestoreOptions> options) : IDisposable
{
    private readonly Lazy<(string Path, bool Temporary)> root = new(() =>
    {
        var configured = options.Value.CacheDirectory;
        var (path, temporary) = string.IsNullOrWhiteSpace(configured)
            ? (Directory.CreateTempSubdirectory("bugsage-packages-").FullName, true)
            : (Directory.CreateDirectory(Path.GetFullPath(configured)).FullName, false);
        // The sandbox user passes through to its own cache and lists nothing here.
        if (temporary) Bubblewrap.LetThrough(path);
        return (path, temporary);
    });

    /// <summary>The cache of repository <paramref name="repositoryId"/>, made and handed to the sandbox user on first use.</summary>
    public async Task<string> ForAsync(long repositoryId, CancellationToken ct)
    {
        var path = Path.Combine(root.Value.Path, repositoryId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(path)) return path;
        Directory.CreateDirectory(path);
        await Bubblewrap.GrantAsync(path, ct);
        return path;
    }

    public void Dispose()
    {
        if (!root.IsValueCreated || !root.Value.Temporary) return;
        try { Directory.Delete(root.Value.Path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a cache a command made undeletable: the OS temp cleaner takes it */ }
    }
}
