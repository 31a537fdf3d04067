using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// The files a patch changes as <c>git apply</c> itself would change them: the patch is applied to a
/// throwaway index of the worktree's commit (<c>git apply --cached</c>, the working tree untouched)
/// and git lists every path it wrote, with its new mode. No reading of the diff text can disagree
/// with the tool that applies it, however the headers are spelled.
/// </summary>
public static class GitPatch
{
    /// <param name="Files">Every path the patch adds, changes or deletes, with its mode afterwards (0 when deleted).</param>
    /// <param name="Error">Why git would not apply the patch; null when it would.</param>
    public sealed record Result(IReadOnlyList<PatchedFile> Files, string? Error);

    /// <summary>
    /// Run only while nothing of the repository has run in <paramref name="tree"/>: the worktree's
    /// <c>.git</c> file still points at BugSage's mirror.
    /// </summary>
    public static async Task<Result> FilesAsync(string tree, string patchFile, CancellationToken ct)
    {
        var scratch = Directory.CreateTempSubdirectory("bugsage-patch-index-").FullName;
        try
        {
            var index = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = Path.Combine(scratch, "index") };
            var read = await Git.RunAsync(tree, ["read-tree", "HEAD"], ct, environment: index);
            if (read.ExitCode != 0) return new Result([], "the worktree's commit could not be read: " + read.Error.Trim());
            var apply = await Git.RunAsync(tree, ["apply", "--cached", "--whitespace=nowarn", patchFile], ct, environment: index);
            if (apply.ExitCode != 0) return new Result([], apply.Error.Trim());
            var raw = await Git.RunAsync(tree, ["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev", "HEAD"], ct, environment: index);
            if (raw.ExitCode != 0) return new Result([], "git could not list the patched files: " + raw.Error.Trim());
            return new Result(Parse(raw.Output), null);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The paths among <paramref name="paths"/> that the repository ignores and does not track: build and
    /// restore output (whatever its name), where a fix has no business and what is there decides what runs.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IgnoredAsync(string tree, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var ignored = new List<string>();
        // One path a call: git prints what it matched quoted, and a patch names a handful of files.
        foreach (var path in paths)
        {
            var check = await Git.RunAsync(tree, ["check-ignore", "--quiet", "--", path], ct);
            // 0: ignored, 1: not; anything else is an error, and an error refuses the path.
            if (check.ExitCode != 1) ignored.Add(path);
        }
        return ignored;
    }

    /// <summary><c>:oldmode newmode oldsha newsha status\0path\0</c>, one pair of fields per file.</summary>
    internal static IReadOnlyList<PatchedFile> Parse(string raw)
    {
        var fields = raw.Split('\0');
        var files = new List<PatchedFile>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var meta = fields[i].TrimStart(':').Split(' ');
            if (meta.Length < 5) break;
            files.Add(new PatchedFile(fields[i + 1], Convert.ToInt32(meta[1], 8)));
        }
        return files;
    }
}
