using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>Unified diffs with <c>a/</c> and <c>b/</c> prefixes relative to the repository root, made by git itself.</summary>
public static class UnifiedDiff
{
    /// <summary>
    /// Whether a path can be written into diff headers as it is: git would read a name with a
    /// newline, a tab, a leading quote or a backslash differently (a model or an event supplies it).
    /// </summary>
    public static bool IsPlainPath(string path) =>
        path.Length > 0 && !path.Any(char.IsControl) && !path.StartsWith('"') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Trim() == path;

    /// <summary>A plain path (<see cref="IsPlainPath"/>) that names a file inside the repository: relative, with no empty, <c>.</c> or <c>..</c> part.</summary>
    public static bool IsRepositoryPath(string path) =>
        IsPlainPath(path) && !path.StartsWith('/') && path.Split('/').All(part => part is not ("" or "." or ".."));

    /// <exception cref="ArgumentException">The path is not plain (<see cref="IsPlainPath"/>).</exception>
    public static async Task<string> MakeAsync(string path, string before, string after, CancellationToken ct)
    {
        if (!IsPlainPath(path)) throw new ArgumentException("a diff names only plain repository paths", nameof(path));
        var work = Directory.CreateTempSubdirectory("bugsage-diff-").FullName;
        try
        {
            var (a, b) = (Path.Combine(work, "a"), Path.Combine(work, "b"));
            await File.WriteAllTextAsync(a, before, ct);
            await File.WriteAllTextAsync(b, after, ct);
            var diff = await Git.RunAsync(work, ["diff", "--no-index", "--no-color", "--", "a", "b"], ct);
            // git diff --no-index exits 1 when the files differ.
            if (diff.ExitCode > 1) throw new InvalidOperationException("git diff failed: " + diff.Error.Trim());
            return string.Join('\n', diff.Output.Split('\n').Select(line => line switch
            {
                _ when line.StartsWith("diff --git ", StringComparison.Ordinal) => $"diff --git a/{path} b/{path}",
                _ when line.StartsWith("--- ", StringComparison.Ordinal) => $"--- a/{path}",
                _ when line.StartsWith("+++ ", StringComparison.Ordinal) => $"+++ b/{path}",
                _ => line,
            }));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
