using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// What a patch may touch beyond plain source: the culprit file the analysis named (even when it
/// runs during validation), and the commands validation runs (a file they name runs then too).
/// </summary>
public sealed record PatchScope(string? Culprit, IReadOnlyList<string> Commands)
{
    public static PatchScope None { get; } = new(null, []);
}

/// <param name="Problems">Why the patch is refused; empty when it may be validated.</param>
/// <param name="ExtraReview">Why a person must look closer before approving (the culprit is a file that runs during validation).</param>
public sealed record PatchReview(IReadOnlyList<string> Problems, IReadOnlyList<string> ExtraReview);

/// <summary>
/// Refuses patches a fix has no business making: paths that leave the repository or are
/// absolute, anything under <c>.git</c>, symlinks, binary patches, CI configuration, the
/// project's tests (a fix that edits the pipeline or the tests that judge it proves nothing),
/// and files that run during restore, build or test (package scripts, <c>conftest.py</c>, project
/// files, Makefiles, lockfiles, files the commands name): a candidate that edits those chooses
/// what validation executes. Only when the analysis names such a file as the culprit may a
/// candidate change it, and then it needs extra review.
/// </summary>
public static partial class PatchGuard
{
    private static readonly string[] CiPaths =
    [
        ".github/", ".gitlab-ci.yml", ".circleci/", ".travis.yml", "azure-pipelines.yml", "Jenkinsfile", "bitbucket-pipelines.yml",
        ".ci/", ".buildkite/", ".drone.yml", "appveyor.yml", ".woodpecker", "bugsage.json",
    ];

    /// <summary>The paths a patch may never change (a trailing slash: everything under it), for those who write patches elsewhere (coding agents).</summary>
    public static IReadOnlyList<string> ForbiddenPaths { get; } = [".git/", .. CiPaths];

    /// <summary>What else <see cref="Review(string, PatchScope)"/> refuses, in words, for those who write patches elsewhere.</summary>
    public static IReadOnlyList<string> ForbiddenKinds { get; } =
    [
        "paths outside the repository, or absolute",
        "symlinks, submodules, binary files and unusual file modes",
        "the project's tests and what they compare against (test folders, test_*.py, *_test.go, *.test.js, *.spec.ts, *Tests.cs, snapshots)",
        "files that run during restore, build or test: package manifests and lockfiles, project files, conftest.py, Makefiles, build scripts, files the validation commands name",
    ];

    /// <summary>
    /// Test files and what tests compare against, as the common layouts name them: test folders (unit_tests,
    /// __snapshots__, Go's testdata), test_x.py, x_test.go, x.test.js, x.spec.ts, XTests.cs, X.Tests / X.Test / X.UnitTests projects.
    /// </summary>
    [GeneratedRegex(@"(?:^|/)(?:tests?|__tests__|specs?|__snapshots__|snapshots|testdata|e2e|cypress|(?:unit|integration|functional|e2e)_?tests?|[^/]+\.(?:Unit|Integration|Functional)?Tests?)/|(?:^|/)test_[^/]*\.py$|(?:^|/)tests\.py$|\.approved\.[^/]+$|_test\.(?:py|go)$|[-_]test\.[cm]?[jt]sx?$|(?:^|/)test(?:-[^/]+)?\.[cm]?[jt]sx?$|\.(?:test|spec)\.[cm]?[jt]sx?$|(?-i:Tests?\.cs$)", RegexOptions.IgnoreCase)]
    private static partial Regex TestFile();

    /// <summary>
    /// Files that restore, build or test tools read and execute, per ecosystem: npm (package.json
    /// scripts, .npmrc, lockfiles, runner and bundler configuration), Python (setup.py, pyproject,
    /// conftest.py anywhere, pytest/tox/nox configuration, requirements, .pth and *customize.py),
    /// .NET (project, props/targets, solution, NuGet and SDK configuration, run settings), Go
    /// (go.mod/go.sum), PHP (composer), and the general ones (Makefiles, CMake, Gradle and Maven with their wrappers, Cargo, Rake, shell
    /// scripts under scripts/, and build/test/check scripts at the root).
    /// </summary>
    [GeneratedRegex("""
        (?:^|/)(?:
            package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|\.npmrc|\.yarnrc(?:\.yml)?|\.pnpmfile\.cjs
          | (?:jest|vitest|vite|webpack|rollup|babel|karma|playwright|cypress|eslint|prettier|svelte|next|nuxt|tsup|esbuild|postcss|tailwind|stylelint|ava|nyc|c8)\.config\.(?:[cm]?[jt]s|json)|(?:karma|protractor|wdio)\.conf\.[cm]?[jt]s|\.eslintrc(?:\.[a-z]+)?|\.(?:nycrc|c8rc)(?:\.[a-z]+)?|setupTests\.[cm]?[jt]sx?|\.babelrc(?:\.[cm]?js|\.json)?|composer\.(?:json|lock)|\.mocharc(?:\.[a-z]+)?|tsconfig(?:\.[^/]*)?\.json|Gruntfile\.[cm]?js|gulpfile\.[cm]?js
          | setup\.py|setup\.cfg|pyproject\.toml|conftest\.py|\.?pytest\.(?:ini|toml)|tox\.ini|noxfile\.py|requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt|Pipfile(?:\.lock)?|poetry\.lock|uv\.lock|[^/]*\.pth|(?:site|user)customize\.py
          | [^/]+\.(?:csproj|fsproj|vbproj|proj|sln|slnx|props|targets|runsettings|projitems|shproj)(?:\.user)?|nuget\.config|global\.json|dotnet-tools\.json
          | \.pnp\.c?js|\.pnp\.loader\.mjs|vitest\.workspace\.[^/]+|\.rspec|\.bazelrc|rust-toolchain(?:\.toml)?
          | go\.mod|go\.sum|go\.work(?:\.sum)?|[^/]+\.rsp
          | (?:GNU)?[Mm]akefile|[^/]+\.mk|CMakeLists\.txt|[^/]+\.cmake|justfile|Rakefile|Gemfile(?:\.lock)?|[^/]+\.gradle(?:\.kts)?|gradle\.properties|gradlew|[^/]+\.gemspec|pom\.xml|Cargo\.(?:toml|lock)|build\.rs|\.envrc
        )$
        | ^(?:build|test|tests|run[-_]tests?|check|ci)\.(?:sh|bash|ps1|cmd|bat|py)$
        | (?:^|/)scripts?/[^/]+\.(?:sh|bash|ps1)$
        | (?:^|/)(?:\.mvn|gradle/wrapper|\.cargo|\.yarn|buildSrc|vendor)/
        | ^(?:pytest|_pytest|unittest|nose2?|tox|pip|setuptools|site|conftest|py_compile|compileall|runpy)(?:\.py|/)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex BuildScript();

    private const int FileType = 0xF000, Regular = 0x8000, Symlink = 0xA000, Submodule = 0xE000;

    /// <summary>
    /// Where the restore step installs (node_modules, virtual environments, pip --target folders) and the
    /// sandbox's HOME (user site-packages, tool configuration): none of it is source, and all of it decides
    /// what build and test load.
    /// </summary>
    [GeneratedRegex(@"(?:^|/)(?:\.sandbox-home|node_modules|\.venv|venv|\.deps|__pypackages__|\.tox|\.nox)/", RegexOptions.IgnoreCase)]
    private static partial Regex RestoreOutput();

    public static IReadOnlyList<string> Problems(string diff) => Review(diff, PatchScope.None).Problems;

    /// <summary>Whether a path is one of the project's tests or what they compare against: a patch may not change it.</summary>
    public static bool IsTestFile(string path) => TestFile().IsMatch(path);

    /// <summary>Judges a diff by its text, read as git reads headers (<see cref="DiffHeaders"/>).</summary>
    public static PatchReview Review(string diff, PatchScope scope)
    {
        var reading = DiffHeaders.Read(diff);
        var problems = new List<string>();
        if (reading.Binary) problems.Add("changes a binary file");
        problems.AddRange(reading.Modes.Select(ModeProblem).OfType<string>());
        return Judge(reading.Files, scope, problems);
    }

    /// <summary>Judges the files git itself says a patch writes (<see cref="GitPatch"/>), with their modes.</summary>
    public static PatchReview Review(IReadOnlyList<PatchedFile> files, PatchScope scope) =>
        Judge(files, scope, [.. files.Select(f => ModeProblem(f.Mode)).OfType<string>()]);

    /// <summary>Only plain files (executable or not) may be written; deletions (mode 0) are judged by their path.</summary>
    private static string? ModeProblem(int mode) => mode == 0 ? null : (mode & FileType) switch
    {
        Symlink => "creates a symlink",
        Submodule => "adds a submodule",
        Regular when mode is 0x81A4 or 0x81ED => null,
        _ => "sets an unusual file mode",
    };

    private static PatchReview Judge(IReadOnlyList<PatchedFile> files, PatchScope scope, List<string> problems)
    {
        var extraReview = new List<string>();
        if (files.Count == 0) problems.Add("changes no file");
        var named = NamedByCommands(scope.Commands);
        var culprit = scope.Culprit is { } c ? Normalise(c) : null;
        foreach (var path in files.Select(f => f.Path).Distinct(StringComparer.Ordinal))
        {
            var segments = path.Replace('\\', '/').Split('/');
            if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal)) problems.Add($"{path}: an absolute path");
            if (segments.Contains("..")) problems.Add($"{path}: leaves the repository");
            if (segments.Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase))) problems.Add($"{path}: touches .git");
            if (path.Any(char.IsControl)) problems.Add($"{path}: a name with control characters");
            if (CiPaths.Any(ci => path.Equals(ci.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || (ci.EndsWith('/') && path.StartsWith(ci, StringComparison.OrdinalIgnoreCase))))
                problems.Add($"{path}: edits CI configuration");
            if (TestFile().IsMatch(path)) problems.Add($"{path}: edits the tests that judge the fix");
            if (RestoreOutput().IsMatch(path)) problems.Add($"{path}: writes where restore installs or the sandbox keeps its home");
            if (PythonStandardLibrary.Shadows(path)) problems.Add($"{path}: named like a module of Python's standard library, which it would replace for the tests");
            // A command may name a file relative to a directory it changes into (cd app && ./run.sh): a file of that name anywhere counts.
            if (!BuildScript().IsMatch(path) && !named.Contains(Normalise(path)) && !named.Contains(Path.GetFileName(path))) continue;
            if (culprit is not null && Normalise(path).Equals(culprit, StringComparison.Ordinal))
                extraReview.Add($"{path}: runs during restore, build or test, and is the culprit the analysis named");
            else
                problems.Add($"{path}: runs during restore, build or test");
        }
        return new PatchReview(problems.Distinct().ToList(), problems.Count == 0 ? extraReview.Distinct().ToList() : []);
    }

    /// <summary>What runtimes add to a name given without one (<c>node scripts/verify</c> runs scripts/verify.js).</summary>
    private static readonly string[] ImpliedExtensions = [".js", ".cjs", ".mjs", ".ts", ".py", ".sh"];

    /// <summary>
    /// The relative paths a command line names (<c>sh scripts/check.sh</c>, <c>python3 run_tests.py</c>,
    /// <c>node scripts/verify</c>): they run during validation, with the extensions runtimes imply.
    /// </summary>
    private static HashSet<string> NamedByCommands(IReadOnlyList<string> commands) =>
        commands.SelectMany(c => c.Split([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>', '"', '\'', '=', '`'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => !w.StartsWith('-') && w.Length > 1)
            .Select(Normalise)
            // Only a path names a script without its extension; a bare word (npm, run, test) is a command.
            .SelectMany(p => Path.HasExtension(p) || !p.Contains('/') ? [p] : ImpliedExtensions.Select(e => p + e).Append(p + "/index.js").Append(p))
            .SelectMany(p => new[] { p, Path.GetFileName(p) }).Where(p => p.Length > 0 && (p.Contains('/') || p.Contains('.'))).ToHashSet(StringComparer.Ordinal);

    private static string Normalise(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p.TrimStart('/');
    }

    /// <summary>The repository paths a patch names, for risk and static checks when git has not read it.</summary>
    public static IReadOnlyList<string> ChangedFiles(string diff) => [.. DiffHeaders.Read(diff).Files.Select(f => f.Path)];
}
