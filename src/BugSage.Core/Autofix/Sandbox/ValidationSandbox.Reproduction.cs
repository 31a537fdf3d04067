using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Restore;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// The reproduction's runs: on the unpatched revision before any candidate (it must fail the way the
/// crash did), then in each candidate's worktree after its tests (it must pass). BugSage writes the test
/// into the worktree itself, after the repository's own commands have run, so it is never among the
/// tests the repository's test command runs and a candidate's patch can never change it.
/// </summary>
public static partial class ValidationSandbox
{
    /// <summary>The reproduction on the unpatched revision (restored and built as validation does), or why it could not run.</summary>
    public static async Task<(ReproductionRun? Run, string? Why)> ReproduceAsync(string repository, string revision, string? buildCommand, ReproductionTest test,
        SandboxLimits limits, PackageRestore? restore, CancellationToken ct)
    {
        if (Bubblewrap.Host.Unavailable is { } unavailable) return (null, $"nothing ran: the sandbox cannot be set up here ({unavailable})");
        if (restore?.Unavailable is { } missing) return (null, $"nothing ran: the restore step cannot run here ({missing})");
        var work = Directory.CreateTempSubdirectory("bugsage-reproduction-").FullName;
        Bubblewrap.LetThrough(work);
        try
        {
            var mirror = await ValidationMirror.CreateAsync(repository, work, ct);
            var tree = await mirror.WorktreeAsync(revision, Path.Combine(work, "baseline"), ct);
            var (restored, restoreLog) = restore is null ? (true, "") : await restore.RunAsync(tree, limits, ct);
            if (!restored) return (null, "the unpatched revision did not restore: " + Tail(restoreLog));
            var access = restore?.ForBuildAndTest ?? SandboxAccess.None;
            var (built, buildLog) = await BuildAsync(tree, buildCommand, [], new Dictionary<string, string>(), limits, access, ct);
            if (!built) return (null, "the unpatched revision did not build: " + Tail(buildLog));
            return (await RunReproductionAsync(tree, test, limits, access, ct), null);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the OS temp cleaner takes what is left */ }
        }
    }

    /// <summary>Writes the reproduction into <paramref name="tree"/> and runs it there in the sandbox.</summary>
    internal static async Task<ReproductionRun> RunReproductionAsync(string tree, ReproductionTest test, SandboxLimits limits, SandboxAccess access, CancellationToken ct)
    {
        if (WriteTest(tree, test) is { } refused) return new ReproductionRun(-1, null, "[reproduction] not run: " + refused);
        // A fresh nonce per run: the harness writes it last once the call returned, so a process that exits 0 early never passes.
        var nonce = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var run = await SandboxProcess.RunAsync(test.Command, tree, limits, access with { Variables = new Dictionary<string, string> { [ReproductionRun.NonceVariable] = nonce } }, ct);
        return ReproductionRun.Read(run.ExitCode, $"$ {test.Command}\n{run.Output}", nonce);
    }

    /// <summary>
    /// Creates the test file, never following a link: the repository's commands have run in this tree and
    /// could have put one (or a file of the same name) where the test goes. Nothing runs in the tree while
    /// this writes: every sandboxed command has ended and its namespace with it.
    /// </summary>
    private static string? WriteTest(string tree, ReproductionTest test)
    {
        var parts = test.Path.Split('/');
        if (parts.Any(p => p is "" or "." or "..")) return $"{test.Path} is not a plain path in the repository";
        var directory = tree;
        foreach (var part in parts[..^1])
        {
            directory = Path.Combine(directory, part);
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is not null || File.Exists(directory)) return $"{Path.GetRelativePath(tree, directory)} is not a folder";
            if (!info.Exists) info.Create();
        }
        try
        {
            // CreateNew fails on anything already at the path, a dangling link included.
            using var file = new FileStream(Path.Combine(directory, parts[^1]), FileMode.CreateNew, FileAccess.Write);
            file.Write(System.Text.Encoding.UTF8.GetBytes(test.Code));
            return null;
        }
        catch (IOException e)
        {
            return $"{test.Path} could not be written: {e.Message}";
        }
    }

    private static string Tail(string log) => log.Tail(2_000);
}
