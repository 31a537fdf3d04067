using System.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BugSage.Core.Configuration;
using BugSage.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Analysis.Source;

/// <summary>A commit that touched the culprit line or its file.</summary>
public sealed record SuspectCommit(string Sha, string Author, DateTime Date, string Summary);

/// <summary>The culprit frame found in a linked repository, at the event's release when it resolves.</summary>
public sealed record SourceFindings(
    string Repository, string Revision, bool AtRelease, string Path, long Line,
    string ContextLine, IReadOnlyList<string> PreContext, IReadOnlyList<string> PostContext,
    SuspectCommit? Blame, IReadOnlyList<SuspectCommit> RecentCommits);

/// <summary>
/// Finds a frame's source in a linked repository: maps the frame's path (path mappings, bundler
/// prefixes, then a unique file-name match), picks the revision (the release's tag or a commit on the
/// branch, else the branch), reads the lines around the frame, blames the frame's line and lists the file's recent
/// commits. URLs are cloned once into the data directory and fetched at most every five minutes.
/// Results are cached per repository, revision, path and line.
/// </summary>
public sealed partial class SourceResolver(IOptions<BugSageOptions> options, ServerPathPolicy serverPaths, RemoteGit remoteGit, Security.SecretProtector secrets, TimeProvider clock,
    ILogger<SourceResolver> logger) : IDisposable
{
    private static readonly TimeSpan FetchEvery = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, SourceFindings?> cache = new();
    private readonly ConcurrentDictionary<long, DateTime> fetched = new();
    private readonly SemaphoreSlim cloning = new(1, 1);

    public async Task<SourceFindings?> FindAsync(LinkedRepository repository, string? release, StackFrame frame, CancellationToken ct)
    {
        if (frame.Lineno is not { } line || line < 1) return null;
        try
        {
            var root = await WorkingCopyAsync(repository, ct);
            if (root is null) return null;
            var (revision, atRelease) = await RevisionAsync(root, repository, release, ct);
            var path = await MapAsync(root, repository, revision, frame, ct);
            if (path is null) return null;
            var key = $"{repository.Id}:{revision}:{path}:{line}";
            if (cache.TryGetValue(key, out var cached)) return cached;
            var found = await ReadAsync(root, repository, revision, atRelease, path, line, ct);
            cache[key] = found;
            return found;
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning(e, "Source of {Frame} not read from repository {Repository}", frame.Filename, repository.Name);
            return null;
        }
    }

    private async Task<SourceFindings?> ReadAsync(string root, LinkedRepository repository, string revision, bool atRelease, string path, long line, CancellationToken ct)
    {
        var show = await Git.RunAsync(root, ["show", $"{revision}:{path}"], ct);
        if (show.ExitCode != 0) return null;
        var lines = show.Output.Split('\n');
        if (line > lines.Length) return null;
        var index = (int)line - 1;
        var pre = lines[Math.Max(0, index - 5)..index];
        var post = lines[(index + 1)..Math.Min(lines.Length, index + 6)];

        SuspectCommit? blame = null;
        var blamed = await Git.RunAsync(root, ["blame", "--porcelain", "-L", $"{line},{line}", revision, "--", path], ct);
        if (blamed.ExitCode == 0) blame = ParseBlame(blamed.Output);
        var log = await Git.RunAsync(root, ["log", "-n", "3", "--format=%H%x1f%an%x1f%at%x1f%s", revision, "--", path], ct);
        var recent = log.ExitCode != 0 ? [] : log.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLog).OfType<SuspectCommit>().ToList();
        return new SourceFindings(repository.Name, revision, atRelease, path, line, lines[index], pre, post, blame, recent);
    }

    private static SuspectCommit? ParseBlame(string porcelain)
    {
        var rows = porcelain.Split('\n');
        if (rows.Length == 0 || rows[0].Length < 40) return null;
        string Field(string name) => rows.FirstOrDefault(r => r.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "";
        var time = long.TryParse(Field("author-time"), CultureInfo.InvariantCulture, out var t) ? DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime : default;
        return new SuspectCommit(rows[0][..40], Field("author"), time, Field("summary"));
    }

    private static SuspectCommit? ParseLog(string row)
    {
        var parts = row.Split('\u001f');
        return parts.Length == 4 && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var t)
            ? new SuspectCommit(parts[0], parts[1], DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime, parts[3])
            : null;
    }

    /// <summary>
    /// Where a link's clone lives: named by the link's id and its URL, so a clone is never reused for
    /// another URL (a link edited, or a new link given an id SQLite reused after a delete, in another tenant).
    /// </summary>
    public string CloneDirectory(LinkedRepository repository, string url) =>
        System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Value.DataDirectory), "repositories",
            repository.Id.ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16]);

    /// <summary>
    /// The local path (only while the server path policy still allows it), or the clone of the URL
    /// (made or refreshed as needed).
    /// </summary>
    public async Task<string?> WorkingCopyAsync(LinkedRepository repository, CancellationToken ct)
    {
        if (repository.Path is { } local) return serverPaths.Usable(local);
        if (repository.Url is not { } url) return null;
        var directory = CloneDirectory(repository, url);
        // The link's token, when it has one, is how git authenticates to an https remote (never plain http, never the URL).
        var credentials = repository.AccessTokenProtected is { } sealedToken && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && secrets.Unprotect(sealedToken) is { } token
            ? GitCredentials.Environment(token)
            : null;
        await cloning.WaitAsync(ct);
        try
        {
            if (!Directory.Exists(System.IO.Path.Combine(directory, ".git")))
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(directory)!);
                var clone = await remoteGit.RunAsync(System.IO.Path.GetDirectoryName(directory)!, url, ["clone", "--quiet", "--", url, directory], ct, TimeSpan.FromMinutes(5), credentials);
                if (clone.ExitCode != 0)
                {
                    // git's stderr holds what the remote said: the server log keeps it, the message a fixed reason.
                    logger.LogWarning("git clone of repository {Repository} failed with {ExitCode}: {Error}", repository.Id, clone.ExitCode, clone.Error.Trim());
                    throw new IOException("git clone failed: " + GitFailure.Describe(clone));
                }
                fetched[repository.Id] = clock.GetUtcNow().UtcDateTime;
            }
            else if (!fetched.TryGetValue(repository.Id, out var at) || clock.GetUtcNow().UtcDateTime - at > FetchEvery)
            {
                // A failed fetch leaves the clone as it was: it is read as it stands and fetched again later.
                try
                {
                    var fetch = await remoteGit.RunAsync(directory, url, ["fetch", "--quiet", "--tags", "origin"], ct, TimeSpan.FromMinutes(2), credentials);
                    if (fetch.ExitCode != 0)
                        logger.LogWarning("git fetch of repository {Repository} failed with {ExitCode}: {Error}", repository.Id, fetch.ExitCode, fetch.Error.Trim());
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    logger.LogWarning("git fetch of repository {Repository} not run: {Reason}", repository.Id, e.Message);
                }
                fetched[repository.Id] = clock.GetUtcNow().UtcDateTime;
            }
            return directory;
        }
        finally
        {
            cloning.Release();
        }
    }

    /// <summary>
    /// The working copy, holding <paramref name="revision"/>. Each node keeps its own clone and fetches it at most every
    /// five minutes, so a commit another node chose moments ago (a fix session run there) may not be here yet: a clone
    /// that lacks it is fetched now. Answers null when the repository is not linked to anything this node can read.
    /// </summary>
    /// <exception cref="InvalidOperationException">The revision is not in the repository even after fetching (force-pushed away).</exception>
    public async Task<string?> WorkingCopyAtAsync(LinkedRepository repository, string revision, CancellationToken ct)
    {
        var root = await WorkingCopyAsync(repository, ct);
        if (root is null || await CommitOfAsync(root, revision, ct) is not null) return root;
        if (repository.Url is not null)
        {
            fetched.TryRemove(repository.Id, out _);
            root = await WorkingCopyAsync(repository, ct);
            if (root is not null && await CommitOfAsync(root, revision, ct) is not null) return root;
        }
        throw new InvalidOperationException($"The repository no longer holds revision {revision[..Math.Min(12, revision.Length)]} (was it force-pushed away?)");
    }

    /// <summary>
    /// The release's commit when a tag names it (<c>shop@2.4.1</c>, <c>2.4.1</c>, <c>v2.4.1</c>) or when it
    /// is a commit id reachable from the linked branch (SDKs often send the commit as the release), else
    /// the branch. The release comes from the event, which anyone with the DSN writes: it may not pick
    /// another branch, a remote-tracking ref or an unmerged commit, since that chooses which code and
    /// which <c>bugsage.json</c> commands run.
    /// </summary>
    internal static async Task<(string Revision, bool AtRelease)> RevisionAsync(string root, LinkedRepository repository, string? release, CancellationToken ct)
    {
        string? branch = null;
        foreach (var candidate in new[] { "refs/remotes/origin/" + repository.Branch, "refs/heads/" + repository.Branch, "HEAD" })
            if ((branch = await CommitOfAsync(root, candidate, ct)) is not null) break;
        if (branch is null) throw new InvalidOperationException("the repository has no commits");
        if (release is not { Length: > 0 and < 200 } || release.StartsWith('-')) return (branch, false);

        var version = release.Contains('@', StringComparison.Ordinal) ? release[(release.LastIndexOf('@') + 1)..] : release;
        var names = new[] { release, version, "v" + version }.Where(n => n.Length > 0 && !n.StartsWith('-')).Distinct().ToList();
        foreach (var name in names)
            if (await CommitOfAsync(root, "refs/tags/" + name, ct) is { } tagged) return (tagged, true);
        foreach (var name in names.Where(n => CommitId().IsMatch(n)))
        {
            if (await CommitOfAsync(root, name, ct) is not { } commit) continue;
            var reachable = await Git.RunAsync(root, ["merge-base", "--is-ancestor", commit, branch], ct);
            if (reachable.ExitCode == 0) return (commit, true);
        }
        return (branch, false);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial System.Text.RegularExpressions.Regex CommitId();

    private static async Task<string?> CommitOfAsync(string root, string name, CancellationToken ct)
    {
        if (name.StartsWith('-')) return null;
        var parsed = await Git.RunAsync(root, ["rev-parse", "--verify", "--quiet", name + "^{commit}"], ct);
        return parsed.ExitCode == 0 ? parsed.Output.Trim() : null;
    }

    /// <summary>The frame's file in the repository at the revision: mapped, stripped of bundler prefixes, or matched by its name.</summary>
    private static async Task<string?> MapAsync(string root, LinkedRepository repository, string revision, StackFrame frame, CancellationToken ct)
    {
        var raw = frame.AbsPath ?? frame.Filename;
        if (string.IsNullOrEmpty(raw)) return null;
        var mappings = JsonSerializer.Deserialize<List<PathMapping>>(repository.PathMappings, JsonSerializerOptions.Web) ?? [];
        var candidates = new List<string>();
        foreach (var m in mappings.Where(m => m.From.Length > 0 && raw.StartsWith(m.From, StringComparison.Ordinal)))
            candidates.Add(m.To + raw[m.From.Length..]);
        var stripped = raw;
        foreach (var prefix in new[] { "webpack:///", "webpack://", "app:///", "file://" })
            if (stripped.StartsWith(prefix, StringComparison.Ordinal)) stripped = stripped[prefix.Length..];
        candidates.Add(stripped.TrimStart('.', '/'));
        foreach (var candidate in candidates.Select(c => c.TrimStart('/')).Where(c => c.Length > 0 && !c.Contains("..", StringComparison.Ordinal)).Distinct())
            if ((await Git.RunAsync(root, ["cat-file", "-e", $"{revision}:{candidate}"], ct)).ExitCode == 0) return candidate;

        // Last: the one file in the tree whose path ends with the frame's file path (then its name).
        var files = await Git.RunAsync(root, ["ls-tree", "-r", "--name-only", revision], ct);
        if (files.ExitCode != 0) return null;
        var tree = files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var segments = stripped.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var take = Math.Min(3, segments.Length); take >= 1; take--)
        {
            var suffix = string.Join('/', segments[^take..]);
            var matches = tree.Where(f => f == suffix || f.EndsWith("/" + suffix, StringComparison.Ordinal)).Take(2).ToList();
            if (matches.Count == 1) return matches[0];
        }
        return null;
    }

    public void Dispose() => cloning.Dispose();
}
