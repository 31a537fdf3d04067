using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Restore;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>How the unpatched repository fared: the failures that were there before any fix.</summary>
public sealed record BaselineResult(bool Built, bool TestsPassed, IReadOnlyList<string> FailedTests, bool NetworkIsolated, string Log)
{
    /// <summary>The tests the runner named as failing and passing, and the failures it named no test for.</summary>
    public TestReport Tests { get; init; } = TestReport.Empty;
}

/// <summary>
/// One candidate's proof. <see cref="Validated"/> only when the patch was allowed and applied,
/// the build and static checks passed, and every test passed.
/// </summary>
public sealed record CandidateResult(
    int Index, IReadOnlyList<string> Problems, bool Applied, bool Built, bool TestsPassed,
    IReadOnlyList<string> FailedTests, IReadOnlyList<string> NewFailures, bool NetworkIsolated, double Risk, bool Validated, string Log)
{
    /// <summary>Why a person must look closer before approving (<see cref="PatchReview.ExtraReview"/>).</summary>
    public IReadOnlyList<string> ExtraReview { get; init; } = [];

    /// <summary>The tests the runner named as failing and passing, and the failures it named no test for; empty when the tests did not run.</summary>
    public TestReport Tests { get; init; } = TestReport.Empty;

    /// <summary>The reproduction run after the candidate's tests; null when there was none or the candidate did not build.</summary>
    public Reproduction.ReproductionRun? Reproduction { get; init; }

    /// <summary>What the patch adds that can make a run read as passing (<see cref="ProofEscapes"/>): with any, it is never validated automatically.</summary>
    public IReadOnlyList<string> Escapes { get; init; } = [];
}

/// <summary>The baseline and every candidate; <see cref="NothingRan"/> says why nothing ran when the sandbox (or the restore step) could not be set up.</summary>
public sealed record ValidationRun(BaselineResult Baseline, IReadOnlyList<CandidateResult> Candidates, string? NothingRan = null);

/// <summary>
/// Proves fix candidates: a git worktree per candidate in a temporary directory, the baseline
/// (unpatched build and tests) first, then each candidate's patch, static checks, build and tests
/// in the sandbox (<see cref="SandboxProcess"/>). With a restore step, it runs in each worktree
/// before the patch is applied (<see cref="PackageRestore"/>). The worktrees come from a throwaway
/// mirror (<see cref="ValidationMirror"/>), never from the linked repository, and go with it afterwards.
/// </summary>
public static partial class ValidationSandbox
{
    public static Task<ValidationRun> ValidateAsync(
        string repository, string revision, string? buildCommand, string testCommand, IReadOnlyList<string> candidates, SandboxLimits limits, CancellationToken ct) =>
        ValidateAsync(repository, revision, buildCommand, testCommand, candidates, limits, restore: null, ct);

    /// <param name="scope">What the patch guard lets a candidate touch beyond plain source (the culprit); the commands are added here.</param>
    /// <param name="reproduction">A reproduction that failed on the unpatched revision as the crash did: each candidate that builds runs it after its tests.</param>
    public static async Task<ValidationRun> ValidateAsync(string repository, string revision, string? buildCommand, string testCommand, IReadOnlyList<string> candidates,
        SandboxLimits limits, PackageRestore? restore, CancellationToken ct, PatchScope? scope = null, Reproduction.ReproductionTest? reproduction = null)
    {
        // Whatever the commands name runs during validation, as do the files the guard knows by name.
        scope = (scope ?? PatchScope.None) with { Commands = [.. (scope ?? PatchScope.None).Commands, .. new[] { restore?.Command, buildCommand, testCommand }.OfType<string>()] };
        if (Bubblewrap.Host.Unavailable is { } why) return Refused(candidates.Count, $"the sandbox cannot be set up here ({why})");
        if (restore?.Unavailable is { } missing) return Refused(candidates.Count, $"the restore step cannot run here ({missing})");
        var access = restore?.ForBuildAndTest ?? SandboxAccess.None;
        var work = Directory.CreateTempSubdirectory("bugsage-sandbox-").FullName;
        Bubblewrap.LetThrough(work);
        try
        {
            var mirror = await ValidationMirror.CreateAsync(repository, work, ct);
            var baselineTree = await mirror.WorktreeAsync(revision, Path.Combine(work, "baseline"), ct);
            // npm runs what package.json's scripts say: the files they name run as surely as those the commands name.
            scope = scope with { Commands = [.. scope.Commands, .. PackageScripts(baselineTree)] };
            var (restored, restoreLog) = restore is null ? (true, "") : await restore.RunAsync(baselineTree, limits, ct);
            var (baseBuilt, baseBuildLog) = restored ? await BuildAsync(baselineTree, buildCommand, [], new Dictionary<string, string>(), limits, access, ct) : (false, "");
            var (baseTests, baseReport) = baseBuilt ? await TestAsync(baselineTree, testCommand, limits, access, ct) : (null, TestReport.Empty);
            var baselineFailures = baseReport.Failed;
            var baseline = new BaselineResult(baseBuilt, baseTests?.ExitCode == 0, baselineFailures, baseTests?.NetworkIsolated ?? SandboxProcess.CanIsolateNetwork,
                restoreLog + baseBuildLog + (baseTests?.Output ?? "")) { Tests = baseReport };

            var results = new List<CandidateResult>();
            for (var i = 0; i < candidates.Count; i++)
                results.Add(await CandidateAsync(i, mirror, revision, buildCommand, testCommand, restore, candidates[i], baselineFailures, Path.Combine(work, $"candidate-{i}"), limits, scope, reproduction, ct)
                    with { Escapes = ProofEscapes.In(candidates[i]) });
            return new ValidationRun(baseline, results);
        }
        finally
        {
            // The mirror and its worktrees live only here; the sandbox's namespace is gone, so nothing holds them.
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the OS temp cleaner takes what is left */ }
        }
    }

    /// <summary>
    /// One candidate on its own, as validation runs it (patch guard, restore, static checks, build, tests, and the
    /// reproduction when one stands), for a model to check its work before it finishes. Its failures are all the
    /// failures (no baseline ran); a run that could not be set up is a refused result that says why.
    /// </summary>
    public static async Task<CandidateResult> TryAsync(string repository, string revision, string? buildCommand, string testCommand, string candidate,
        SandboxLimits limits, PackageRestore? restore, PatchScope scope, Reproduction.ReproductionTest? reproduction, CancellationToken ct)
    {
        scope = scope with { Commands = [.. scope.Commands, .. new[] { restore?.Command, buildCommand, testCommand }.OfType<string>()] };
        if (Bubblewrap.Host.Unavailable is { } why) return Refused(1, $"the sandbox cannot be set up here ({why})").Candidates[0];
        if (restore?.Unavailable is { } missing) return Refused(1, $"the restore step cannot run here ({missing})").Candidates[0];
        var work = Directory.CreateTempSubdirectory("bugsage-try-").FullName;
        Bubblewrap.LetThrough(work);
        try
        {
            var mirror = await ValidationMirror.CreateAsync(repository, work, ct);
            // The unpatched tree only for its package scripts, read before anything runs, as validation reads them.
            var unpatched = await mirror.WorktreeAsync(revision, Path.Combine(work, "unpatched"), ct);
            scope = scope with { Commands = [.. scope.Commands, .. PackageScripts(unpatched)] };
            return await CandidateAsync(0, mirror, revision, buildCommand, testCommand, restore, candidate, [], Path.Combine(work, "candidate-0"), limits, scope, reproduction, ct)
                with { Escapes = ProofEscapes.In(candidate) };
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the OS temp cleaner takes what is left */ }
        }
    }

    /// <summary>
    /// The commands of every package.json's scripts in the tree (a sub-project's run when a command changes into
    /// it), read as git wrote them, before anything ran. Dependencies' own (node_modules) are not the tree's.
    /// </summary>
    internal static IReadOnlyList<string> PackageScripts(string tree)
    {
        var commands = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 6, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFiles(tree, "package.json", options).Where(p => !p.Contains("/node_modules/", StringComparison.Ordinal)).Take(200))
        {
            var file = new FileInfo(path);
            if (file.LinkTarget is not null || file.Length > 1024 * 1024) continue;
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file.FullName));
                if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
                    || !json.RootElement.TryGetProperty("scripts", out var scripts) || scripts.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
                var directory = Path.GetRelativePath(tree, file.DirectoryName!);
                foreach (var script in scripts.EnumerateObject().Where(s => s.Value.ValueKind == System.Text.Json.JsonValueKind.String))
                {
                    commands.Add(script.Value.GetString()!);
                    // A sub-project's script names paths relative to its own folder.
                    if (directory != ".") commands.Add(string.Join(' ', script.Value.GetString()!.Split(' ').Select(w => w.Contains('/') || w.Contains('.') ? $"{directory}/{w}" : w)));
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON: npm will not run it either.
            }
        }
        return commands;
    }

    private static ValidationRun Refused(int candidates, string why)
    {
        var log = $"[sandbox] nothing ran: {why}";
        return new ValidationRun(new BaselineResult(false, false, [], false, log),
            [.. Enumerable.Range(0, candidates).Select(i => new CandidateResult(i, ["nothing ran: " + why], false, false, false, [], [], false, 0, false, log))], why);
    }

    private static async Task<CandidateResult> CandidateAsync(int index, ValidationMirror mirror, string revision, string? buildCommand, string testCommand, PackageRestore? restore,
        string diff, IReadOnlyList<string> baselineFailures, string path, SandboxLimits limits, PatchScope scope, Reproduction.ReproductionTest? reproduction, CancellationToken ct)
    {
        var risk = Risk(diff, PatchGuard.ChangedFiles(diff));
        var (problems, extraReview) = PatchGuard.Review(diff, scope);
        if (problems.Count > 0) return new CandidateResult(index, problems, false, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, "refused: " + string.Join("; ", problems));

        var tree = await mirror.WorktreeAsync(revision, path, ct);
        var patch = Path.Combine(Path.GetDirectoryName(path)!, $"candidate-{index}.diff");
        await File.WriteAllTextAsync(patch, diff.EndsWith('\n') ? diff : diff + "\n", ct);
        // The text was judged as git reads headers; now git says what it would write, and that is judged again.
        var (files, notApplied) = await GitPatch.FilesAsync(tree, patch, ct);
        if (notApplied is not null) return new CandidateResult(index, [], false, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, "the patch does not apply: " + notApplied);
        (problems, extraReview) = PatchGuard.Review(files, scope);
        problems = [.. problems, .. (await GitPatch.IgnoredAsync(tree, [.. files.Select(f => f.Path)], ct)).Select(p => $"{p}: a path the repository ignores (build or restore output)")];
        if (problems.Count > 0) return new CandidateResult(index, problems, false, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, "refused: " + string.Join("; ", problems));
        var changed = files.Where(f => f.Mode != 0).Select(f => f.Path).ToList();
        // Read while nothing has run in the worktree: after the restore step its .git file is the repository's to rewrite.
        var gitDir = (await Git.RunAsync(tree, ["rev-parse", "--absolute-git-dir"], ct)).Output.Trim();
        // Restore before the patch: what runs with the registries and a writable cache is the repository's own code, never a candidate's.
        var (restored, restoreLog) = restore is null ? (true, "") : await restore.RunAsync(tree, limits, ct);
        if (!restored) return new CandidateResult(index, [], true, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, restoreLog);
        // The mirror's own git directory, named outright: configuration (filter drivers for the tree's .gitattributes) comes
        // from BugSage's mirror, never from a git directory the restore step planted; git refuses to write through its symlinks.
        var apply = await Git.RunAsync(tree, [$"--git-dir={gitDir}", $"--work-tree={tree}", "apply", "--whitespace=nowarn", patch], ct);
        if (apply.ExitCode != 0)
            return new CandidateResult(index, [], false, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, restoreLog + "the patch does not apply after the restore step: " + apply.Error.Trim());
        // git apply follows no symlinks out of the tree, but check what it wrote all the same.
        if (changed.Any(f => new FileInfo(Path.Combine(tree, f)) is { Exists: true, LinkTarget: not null }))
            return new CandidateResult(index, ["creates a symlink"], true, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, "refused: creates a symlink");

        if (changed.Count > MaxChangedFiles)
            return new CandidateResult(index, [$"changes {changed.Count} files, more than the {MaxChangedFiles} a fix is checked for"], true, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, $"refused: changes more than {MaxChangedFiles} files");
        // What the server itself parses is read now, while nothing has run since git wrote it: code that runs later in the
        // sandbox (a check, the build) could put a link to a server file or a FIFO in its place.
        var csharp = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in changed.Where(f => Path.GetExtension(f) == ".cs"))
        {
            var info = new FileInfo(Path.Combine(tree, file));
            if (!info.Exists) continue;
            if (info.Length > MaxParsedSourceBytes)
                return new CandidateResult(index, [$"{file}: larger than {MaxParsedSourceBytes} bytes"], true, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, $"refused: {file} is too large to check");
            csharp[file] = await File.ReadAllTextAsync(info.FullName, ct);
        }

        var access = restore?.ForBuildAndTest ?? SandboxAccess.None;
        var (built, buildLog) = await BuildAsync(tree, buildCommand, changed, csharp, limits, access, ct);
        if (!built) return new CandidateResult(index, [], true, false, false, [], [], SandboxProcess.CanIsolateNetwork, risk, false, restoreLog + buildLog);
        var (tests, report) = await TestAsync(tree, testCommand, limits, access, ct);
        var failed = report.Failed;
        var passed = tests.ExitCode == 0;
        var newFailures = failed.Except(baselineFailures).ToList();
        if (!passed && failed.Count == 0) newFailures = ["(the test command failed without naming a test)"];
        var reproduced = reproduction is null ? null : await RunReproductionAsync(tree, reproduction, limits, access, ct);
        return new CandidateResult(index, [], true, true, passed, failed, newFailures, tests.NetworkIsolated, risk, passed,
            restoreLog + buildLog + tests.Output + (reproduced is null ? "" : "\n[reproduction]\n" + reproduced.Output)) { ExtraReview = extraReview, Reproduction = reproduced, Tests = report };
    }

    /// <summary>A fix that touches more files than this is not checked file by file (each check is a sandbox start and a log).</summary>
    public const int MaxChangedFiles = 50;

    /// <summary>A C# file the server parses itself is read whole; larger ones are refused.</summary>
    public const long MaxParsedSourceBytes = 1024 * 1024;

    /// <summary>What one candidate's checks and build keep of their output, together (each command's own is capped too).</summary>
    public const int MaxBuildLogChars = 512 * 1024;

    /// <summary>
    /// Static checks of the changed files per language, then the repository's build command. C# is parsed in
    /// process from the text read before anything ran; the other checks run in the sandbox with the path
    /// written so it can never read as an option, and Python isolated from modules in the worktree.
    /// </summary>
    private static async Task<(bool Built, string Log)> BuildAsync(string tree, string? buildCommand, IReadOnlyList<string> changed, IReadOnlyDictionary<string, string> csharp,
        SandboxLimits limits, SandboxAccess access, CancellationToken ct)
    {
        var log = new System.Text.StringBuilder();
        void Append(string command, string output)
        {
            if (log.Length >= MaxBuildLogChars) return;
            log.AppendLine($"$ {command}").AppendLine(output.Length > MaxBuildLogChars - log.Length ? output[..Math.Max(0, MaxBuildLogChars - log.Length)] + "\n[log cut]" : output);
        }
        foreach (var (file, text) in csharp)
        {
            // Roslyn's syntax diagnostics: a candidate that does not parse needs no build.
            var errors = CSharpRepair.SyntaxErrors(text, file);
            Append($"roslyn syntax check {file}", errors.Count == 0 ? "no errors" : string.Join('\n', errors));
            if (errors.Count > 0) return (false, log.ToString());
        }
        foreach (var file in changed)
        {
            var quoted = "'./" + file.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            var check = Path.GetExtension(file) switch
            {
                ".py" => $"python3 -I -m py_compile {quoted}",
                ".js" or ".mjs" or ".cjs" => $"node --check {quoted}",
                _ => null,
            };
            if (check is null || !File.Exists(Path.Combine(tree, file))) continue;
            var result = await SandboxProcess.RunAsync(check, tree, limits, access, ct);
            Append(check, result.Output);
            if (result.ExitCode != 0) return (false, log.ToString());
        }
        if (string.IsNullOrWhiteSpace(buildCommand)) return (true, log.ToString());
        var build = await SandboxProcess.RunAsync(buildCommand, tree, limits, access, ct);
        Append(buildCommand, build.Output);
        return (build.ExitCode == 0, log.ToString());
    }

    /// <summary>
    /// The repository's tests in the sandbox and what their runner says of them: a TRX file when the command is a
    /// plain <c>dotnet test</c> that can write one (every name, whatever the console shows), otherwise the output,
    /// with the runner told to name every result (<see cref="NamedResults"/>). A run stopped on timeout or for printing
    /// too much names what it reached, never its verdict: that is a failure no test carries.
    /// </summary>
    private static async Task<(CommandResult Run, TestReport Report)> TestAsync(string tree, string testCommand, SandboxLimits limits, SandboxAccess access, CancellationToken ct)
    {
        var results = TestResultsFile.NewFolder();
        TestResultsFile.Prepare(tree, results);
        // File times are the system clock's; a second's slack for file systems that keep coarse ones.
        var started = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1);
        var withResults = TestResultsFile.Command(testCommand, results);
        var command = NamedResults.Command(withResults);
        var run = await SandboxProcess.RunAsync(command, tree, limits, access with { Variables = NamedResults.Variables }, ct);
        var console = TestOutput.Read(run.Output);
        var report = withResults == testCommand ? console : TestResultsFile.ReadFrom(tree, results, console, started) ?? TestResultsFile.Missing(console);
        if (run.TimedOut || run.OutputCut)
            report = report with { Unnamed = [.. report.Unnamed, run.TimedOut ? "the run was stopped at the time limit" : "the run was stopped for printing too much"] };
        return (run, report);
    }

    public static IReadOnlyList<string> FailedTests(string output) => TestOutput.Read(output).Failed;

    /// <summary>0 (a one-line change in one file) to 1 (a large change across files); touching files no test file mentions adds to it.</summary>
    private static double Risk(string diff, IReadOnlyList<string> changed)
    {
        var lines = diff.Split('\n').Count(l => (l.StartsWith('+') || l.StartsWith('-')) && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal));
        var untested = changed.Any(f => !f.Contains("test", StringComparison.OrdinalIgnoreCase)) && !changed.Any(f => f.Contains("test", StringComparison.OrdinalIgnoreCase)) ? 0.1 : 0;
        return Math.Round(Math.Min(1, lines / 60.0 + Math.Max(0, changed.Count - 1) * 0.15 + untested), 2);
    }
}
