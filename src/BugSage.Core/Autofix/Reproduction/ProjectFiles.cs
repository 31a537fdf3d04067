using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>A C# repository's project files with their text at a revision, for a reproduction to find the test project it goes into.</summary>
public static class ProjectFiles
{
    /// <summary>Project files read; a repository with more is searched among its first ones.</summary>
    public const int Max = 64;

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string root, string revision, IReadOnlyList<string> files, CancellationToken ct)
    {
        var projects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Take(Max))
            if (await Git.RunAsync(root, ["show", $"{revision}:{path}"], ct) is { ExitCode: 0 } shown) projects[path] = shown.Output;
        return projects;
    }
}
