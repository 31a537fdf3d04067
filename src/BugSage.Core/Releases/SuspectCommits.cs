namespace BugSage.Core.Releases;

/// <summary>A commit of the release that touched a file in its stack trace.</summary>
public sealed record SuspectReleaseCommit(ReleaseCommit Commit, IReadOnlyList<string> MatchedFiles);

/// <summary>
/// Suspect commits: the commits of the release an issue first appeared in that touched a file of
/// its stack trace. Frame paths are absolute on the server or relative to a bundle, commit paths
/// relative to the repository, so a commit's file matches a frame when one path ends with the
/// other at a directory boundary.
/// </summary>
public static class SuspectCommits
{
    private static readonly string[] Schemes = ["webpack:///", "webpack://", "app:///", "file://", "~/"];

    /// <summary>The newest <paramref name="max"/> suspects: the newest commits are read first, and no further than needed.</summary>
    public static IReadOnlyList<SuspectReleaseCommit> Find(IEnumerable<ReleaseCommit> commits, IEnumerable<string?> framePaths, int max = int.MaxValue)
    {
        var frames = framePaths.OfType<string>().Select(Normalize).Where(p => p.Length > 0).Distinct().ToList();
        if (frames.Count == 0) return [];
        var suspects = new List<SuspectReleaseCommit>();
        foreach (var commit in commits.OrderBy(c => c.Position))
        {
            var files = System.Text.Json.JsonSerializer.Deserialize<List<CommitFile>>(commit.Files, System.Text.Json.JsonSerializerOptions.Web) ?? [];
            var matched = files.Select(f => f.Path).Where(path => frames.Any(frame => Matches(frame, Normalize(path)))).Distinct().ToList();
            if (matched.Count > 0) suspects.Add(new SuspectReleaseCommit(commit, matched));
            if (suspects.Count >= max) break;
        }
        return suspects;
    }

    internal static bool Matches(string frame, string file) =>
        file.Length > 0 && (frame == file || frame.EndsWith("/" + file, StringComparison.Ordinal) || file.EndsWith("/" + frame, StringComparison.Ordinal));

    internal static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        foreach (var scheme in Schemes)
            if (p.StartsWith(scheme, StringComparison.Ordinal)) p = p[scheme.Length..];
        // Bundlers name sources relative to the map: ../src/cart.js is the repository's src/cart.js.
        while (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal)) p = p[(p.IndexOf('/') + 1)..];
        return p.TrimStart('/');
    }
}
