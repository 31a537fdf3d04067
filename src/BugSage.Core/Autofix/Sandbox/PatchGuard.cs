using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Refuses patches a fix has no business making: paths that leave the repository or are
/// absolute, anything under <c>.git</c>, symlinks, binary patches, CI configuration and the
/// project's tests (a fix that edits the pipeline or the tests that judge it proves nothing).
/// </summary>
public static partial class PatchGuard
{
    private static readonly string[] CiPaths =
    [
        ".github/", ".gitlab-ci.yml", ".circleci/", ".travis.yml", "azure-pipelines.yml", "Jenkinsfile", "bitbucket-pipelines.yml",
        ".ci/", ".buildkite/", ".drone.yml", "appveyor.yml", ".woodpecker", "bugsage.json",
    ];

    /// <summary>Test files as the common layouts name them: test folders, test_x.py, x_test.go, x.test.js, x.spec.ts, XTests.cs, X.Tests projects.</summary>
    [GeneratedRegex(@"(?:^|/)(?:tests?|__tests__|specs?|[^/]+\.Tests)/|(?:^|/)test_[^/]*\.py$|_test\.(?:py|go)$|\.(?:test|spec)\.[cm]?[jt]sx?$|(?-i:Tests?\.cs$)", RegexOptions.IgnoreCase)]
    private static partial Regex TestFile();

    [GeneratedRegex(@"^(?:--- |\+\+\+ )(?<path>\S+)")]
    private static partial Regex FileHeader();

    [GeneratedRegex(@"^diff --git (?<a>\S+) (?<b>\S+)")]
    private static partial Regex GitHeader();

    [GeneratedRegex(@"^(?:rename|copy) (?:from|to) (?<path>.+)$")]
    private static partial Regex RenameHeader();

    public static IReadOnlyList<string> Problems(string diff)
    {
        var problems = new List<string>();
        var paths = new List<string>();
        foreach (var line in diff.Split('\n'))
        {
            if (FileHeader().Match(line) is { Success: true } f) paths.Add(f.Groups["path"].Value);
            else if (GitHeader().Match(line) is { Success: true } g) paths.AddRange([g.Groups["a"].Value, g.Groups["b"].Value]);
            else if (RenameHeader().Match(line) is { Success: true } r) paths.Add(r.Groups["path"].Value.Trim());
            else if (line.StartsWith("new file mode 120000", StringComparison.Ordinal) || line.StartsWith("new mode 120000", StringComparison.Ordinal)) problems.Add("creates a symlink");
            else if (line.StartsWith("GIT binary patch", StringComparison.Ordinal) || line.StartsWith("Binary files ", StringComparison.Ordinal)) problems.Add("changes a binary file");
        }
        if (paths.Count == 0) problems.Add("changes no file");
        foreach (var raw in paths.Where(p => p != "/dev/null").Distinct())
        {
            var path = raw.StartsWith("a/", StringComparison.Ordinal) || raw.StartsWith("b/", StringComparison.Ordinal) ? raw[2..] : raw;
            var segments = path.Replace('\\', '/').Split('/');
            if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal)) problems.Add($"{path}: an absolute path");
            if (segments.Contains("..")) problems.Add($"{path}: leaves the repository");
            if (segments.Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase))) problems.Add($"{path}: touches .git");
            if (CiPaths.Any(ci => path.Equals(ci.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || (ci.EndsWith('/') && path.StartsWith(ci, StringComparison.OrdinalIgnoreCase))))
                problems.Add($"{path}: edits CI configuration");
            if (TestFile().IsMatch(path)) problems.Add($"{path}: edits the tests that judge the fix");
        }
        return problems.Distinct().ToList();
    }

    /// <summary>The repository paths a patch changes (new side), for risk and static checks.</summary>
    public static IReadOnlyList<string> ChangedFiles(string diff) =>
        diff.Split('\n').Select(l => FileHeader().Match(l)).Where(m => m.Success && m.Value.StartsWith("+++", StringComparison.Ordinal))
            .Select(m => m.Groups["path"].Value).Where(p => p != "/dev/null").Select(p => p.StartsWith("b/", StringComparison.Ordinal) ? p[2..] : p).Distinct().ToList();
}
