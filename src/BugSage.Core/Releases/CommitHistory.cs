using System.Globalization;
using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Releases;

/// <summary>A commit read from a linked repository, with the files it touched.</summary>
public sealed record RepositoryCommit(string Sha, string? AuthorName, string? AuthorEmail, DateTime? Timestamp, string? Message, IReadOnlyList<CommitFile> Files);

/// <summary>
/// Reads a release's commits from a working copy of its repository: those after the previous
/// release's commit up to the release's own, or, for a first release, the last few before it
/// (sentry-cli's own default depth).
/// </summary>
public static class CommitHistory
{
    /// <summary>The most commits one release keeps.</summary>
    public const int MaxCommits = 1000;

    /// <summary>How far back a first release reaches.</summary>
    public const int InitialDepth = 20;

    /// <summary>The most files kept per commit: a vendored tree's import does not fill the database.</summary>
    public const int MaxFilesPerCommit = 1000;

    /// <summary>
    /// The most of git's log read for one release (about 64 MiB): a repository whose history holds huge messages or
    /// commits touching hundreds of thousands of files is read no further, and the release keeps its head commit alone.
    /// </summary>
    public const int MaxLogChars = 32 * 1024 * 1024;

    /// <summary>The commits, newest first; null when <paramref name="head"/> is not in the repository.</summary>
    public static async Task<IReadOnlyList<RepositoryCommit>?> ReadAsync(string root, string head, string? previous, CancellationToken ct)
    {
        if (!CommitIds.IsValid(head) || (previous is not null && !CommitIds.IsValid(previous)))
            throw new ArgumentException("commit ids are hexadecimal");
        if (await ResolveAsync(root, head, ct) is not { } to) return null;
        var from = previous is null ? null : await ResolveAsync(root, previous, ct);
        var range = from is null ? ["-n", InitialDepth.ToString(CultureInfo.InvariantCulture), to] : new[] { "-n", MaxCommits.ToString(CultureInfo.InvariantCulture), $"{from}..{to}" };
        // Paths as they are (no octal quoting), fields separated by NUL: the one character no commit message, author
        // or path in git's output holds (git refuses it in messages and %B stops at one; paths with control
        // characters come C-quoted). Any other separator a contributor could write into a message, forging commits.
        var log = await Git.RunAsync(root,
            ["-c", "core.quotePath=false", "log", "--no-color", "--no-renames", "--name-status", "--format=%x00%H%x00%an%x00%ae%x00%at%x00%B%x00", .. range, "--"],
            ct, TimeSpan.FromMinutes(1), maxOutputChars: MaxLogChars);
        if (log.ExitCode != 0) throw new InvalidOperationException("git log failed: " + log.Error.Trim());
        return Parse(log.Output);
    }

    internal static List<RepositoryCommit> Parse(string output)
    {
        var commits = new List<RepositoryCommit>();
        // NUL, then per commit six fields: sha, author, email, time, message, and the files up to the next commit's NUL.
        var tokens = output.Split('\0');
        for (var i = 1; i + 5 < tokens.Length; i += 6)
        {
            var fields = tokens.AsSpan(i, 6);
            if (fields[0].Length < 40 || !CommitIds.IsValid(fields[0])) continue;
            var time = long.TryParse(fields[3], CultureInfo.InvariantCulture, out var t) ? DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime : (DateTime?)null;
            var files = new List<CommitFile>();
            foreach (var line in fields[5].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t');
                if (tab < 1 || files.Count >= MaxFilesPerCommit) continue;
                files.Add(new CommitFile(line[(tab + 1)..], line[..1]));
            }
            commits.Add(new RepositoryCommit(fields[0], Empty(fields[1]), Empty(fields[2]), time, Empty(fields[4].Trim()), files));
        }
        return commits;
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    private static async Task<string?> ResolveAsync(string root, string id, CancellationToken ct)
    {
        var parsed = await Git.RunAsync(root, ["rev-parse", "--verify", "--quiet", id + "^{commit}"], ct);
        return parsed.ExitCode == 0 ? parsed.Output.Trim() : null;
    }
}
