using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Analysis.Source;

/// <summary>Where repositories may be linked by a path on this server, bound from <c>BugSage:Autofix</c>.</summary>
public sealed class RepositoryRootsOptions
{
    public const string Section = "BugSage:Autofix";

    /// <summary>Directories under which server paths may be linked. Empty (the default): no server paths at all.</summary>
    public string[] AllowedRepositoryRoots { get; set; } = [];
}

/// <summary>
/// Decides whether a server path may serve as a linked repository: it is canonicalised first
/// (symlinks resolved, <c>..</c> applied as the kernel would), then it must be an existing
/// directory at or below an allowed root, and neither inside the data directory nor holding it,
/// nor holding a server key file configured elsewhere, so no link reaches the database, the key
/// material, the inbox or another tenant's clone.
/// </summary>
public sealed class ServerPathPolicy(IOptions<RepositoryRootsOptions> roots, IOptions<BugSageOptions> options, IOptions<SecretsOptions> secrets)
{
    private const int MaxLinkHops = 40;

    /// <summary>The canonical path when it may be linked; otherwise null and why not.</summary>
    public (string? Canonical, string? Refusal) Check(string path)
    {
        if (!Path.IsPathRooted(path)) return (null, "an absolute path to an existing directory on the server");
        var canonical = Canonicalise(path);
        if (canonical is null || !Directory.Exists(canonical)) return (null, "an absolute path to an existing directory on the server");
        var allowed = roots.Value.AllowedRepositoryRoots.Where(r => !string.IsNullOrWhiteSpace(r) && Path.IsPathRooted(r.Trim()))
            .Select(r => Canonicalise(r.Trim())).OfType<string>().ToList();
        if (allowed.Count == 0) return (null, "this server links no repositories by path (BugSage:Autofix:AllowedRepositoryRoots is empty); link a git URL");
        if (!allowed.Any(root => IsAtOrBelow(canonical, root))) return (null, "not below a directory in BugSage:Autofix:AllowedRepositoryRoots");
        var data = Canonicalise(Path.GetFullPath(options.Value.DataDirectory)) ?? Path.GetFullPath(options.Value.DataDirectory);
        if (IsAtOrBelow(canonical, data) || IsAtOrBelow(data, canonical)) return (null, "the data directory, or a directory holding it, cannot be linked");
        if (secrets.Value.KeyFile is { Length: > 0 } keyFile && Canonicalise(Path.GetFullPath(keyFile.Trim())) is { } key && IsAtOrBelow(key, canonical))
            return (null, "a directory holding the server key file cannot be linked");
        return (canonical, null);
    }

    /// <summary>Whether a stored path may still be used: links made before the roots were narrowed, or a symlink swapped since, stop working.</summary>
    public string? Usable(string path) => Check(path) is (string canonical, null) ? canonical : null;

    private static bool IsAtOrBelow(string path, string root)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var withSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(path, root, comparison) || path.StartsWith(withSeparator, comparison);
    }

    /// <summary>
    /// The path with every symlink resolved and <c>.</c>/<c>..</c> applied component by component
    /// (like <c>realpath</c>: <c>link/..</c> is the link target's parent); null on a link loop.
    /// Components that do not exist are kept as written.
    /// </summary>
    public static string? Canonicalise(string path)
    {
        var source = Path.IsPathRooted(path) ? path : Path.GetFullPath(path);
        var root = Path.GetPathRoot(source)!;
        var pending = new Stack<string>(Segments(source, root).Reverse());
        var current = root;
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops) return null;
                // An absolute target starts again at its root; a relative one continues from here.
                if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target)!;
                foreach (var part in Segments(target, Path.GetPathRoot(target) ?? "").Reverse()) pending.Push(part);
                continue;
            }
            current = next;
        }
        return current;
    }

    private static IEnumerable<string> Segments(string path, string root) =>
        path[(Path.IsPathRooted(path) ? root.Length : 0)..].Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
