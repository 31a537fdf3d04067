using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Red team 14c: what the server itself (outside bubblewrap) does with a worktree after repository
/// code has run in it.
/// </summary>
public sealed class SandboxAttack14cTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("bugsage-data-").FullName;

    public SandboxAttack14cTests() =>
        Bubblewrap.Host.Unavailable.ShouldBeNull("these tests need bubblewrap (Debian: apt-get install bubblewrap) and user namespaces; .ci/run installs it");

    public void Dispose() => Directory.Delete(data, recursive: true);

    /// <summary>
    /// ValidationSandbox.CandidateAsync checks for symlinks right after <c>git apply</c>, then BuildAsync runs the
    /// static checks file by file: <c>python3 -m py_compile a.py</c> in the sandbox (with <c>-m</c>, the worktree is
    /// first on sys.path, so the repository's own <c>py_compile.py</c> runs), and afterwards the server reads every
    /// changed <c>.cs</c> file itself (File.ReadAllTextAsync for the Roslyn syntax check), following whatever that
    /// code left there. A hostile repository swaps b.cs for a symlink to a server file: the server parses it and
    /// writes Roslyn's diagnostics (line, column and tokens of the file) into the candidate's log. A symlink to
    /// /dev/zero or a FIFO makes the server read forever.
    /// </summary>
    [Fact]
    public async Task The_server_never_reads_a_changed_file_through_a_symlink_planted_by_sandboxed_code()
    {
        var secret = Path.Combine(data, "bugsage.db");
        await File.WriteAllTextAsync(secret, "SQLite format 3 jwt-signing-key-7f3a");
        using var repo = new TestRepository().Commit("hostile",
            ("a.py", "def answer():\n    return 41\n"),
            ("b.cs", "public static class B { public static int Answer() => 41; }\n"),
            // Runs in the sandbox as "python3 -m py_compile a.py": the repository's own code, shadowing the standard module.
            ("py_compile.py", $"import os\nos.remove('b.cs')\nos.symlink({System.Text.Json.JsonSerializer.Serialize(secret)}, 'b.cs')\nprint('PLANTED')\n"));
        File.WriteAllText(Path.Combine(repo.Path, "a.py"), "def answer():\n    return 42\n");
        File.WriteAllText(Path.Combine(repo.Path, "b.cs"), "public static class B { public static int Answer() => 42; }\n");
        var diff = repo.Git("diff");
        repo.Git("checkout", "--", ".");

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        // Both levers are closed: Python runs the check isolated from the worktree's modules (-I), and the server parses
        // the C# it read before anything ran in the sandbox.
        candidate.Log.ShouldNotContain("PLANTED", customMessage: "the repository's py_compile.py ran as the static check of a.py: " + candidate.Log);
        candidate.Log.ShouldNotContain("error CS", customMessage:
            "the server followed a symlink the sandboxed code planted after the symlink check and parsed a file outside the worktree: " + candidate.Log);
    }

    /// <summary>
    /// node's own test runner (<c>node --test</c>, the corpus's JavaScript command) runs <c>*_test.js</c>, <c>*-test.js</c>,
    /// <c>test-*.js</c> and <c>test.js</c> anywhere (https://nodejs.org/api/test.html#running-tests-from-the-command-line).
    /// PatchGuard's test pattern knows only <c>.test.js</c>/<c>.spec.js</c> and test folders, so a candidate may rewrite
    /// the very test that judges it, and validation reports the unfixed bug as fixed.
    /// </summary>
    [Theory]
    [InlineData("cart_test.js")]
    [InlineData("cart-test.js")]
    [InlineData("test-cart.js")]
    [InlineData("src/test.js")]
    public async Task A_candidate_cannot_rewrite_a_test_that_node_test_runs(string testFile)
    {
        var test = $"const test = require('node:test');\nconst assert = require('node:assert');\nconst {{ total }} = require('{(testFile.StartsWith("src/") ? "../cart" : "./cart")}');\n" +
                   "test('total adds the items', () => { assert.strictEqual(total([1, 2]), 3); });\n";
        using var repo = new TestRepository().Commit("cart",
            ("cart.js", "exports.total = (items) => items.reduce((a, b) => a + b, 1);\n"), (testFile, test));
        var diff = repo.DiffTo(testFile, test.Replace("3);", "4);", StringComparison.Ordinal));

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "node --test", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse("the bug is there: the baseline fails " + run.Baseline.Log);
        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Validated.ShouldBeFalse($"a patch that only edits {testFile} (a test node --test runs) was validated as a fix: " + candidate.Log);
        candidate.Problems.ShouldNotBeEmpty();
    }

    /// <summary>
    /// Each sandboxed command's output is cut at 64 KiB (SandboxProcess.OutputLimit), but BuildAsync runs one static
    /// check per changed file and appends every one's output to the candidate's log, which is kept whole in the session.
    /// A repository's py_compile.py (or a candidate's, see PatchGuardAttack14cTests) that prints 64 KiB and exits 0 makes
    /// the log grow by 64 KiB per file the patch touches: a diff of a few thousand one-line files is hundreds of MB in the
    /// server's memory and database, and as many sandbox starts.
    /// </summary>
    [Fact]
    public async Task A_candidates_log_is_bounded_whatever_the_number_of_files_it_touches()
    {
        const int files = 40;
        var sources = Enumerable.Range(0, files).Select(n => ($"m{n:D2}.py", "X = 1\n")).ToList();
        using var repo = new TestRepository().Commit("many", [.. sources, ("py_compile.py", "print('y' * 70000)\n")]);
        foreach (var (path, _) in sources) File.WriteAllText(Path.Combine(repo.Path, path), "X = 2\n");
        var diff = repo.Git("diff");
        repo.Git("checkout", "--", ".");

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Log.Length.ShouldBeLessThanOrEqualTo(1 << 20,
            $"one candidate's log holds {candidate.Log.Length} characters: {files} static checks of 64 KiB each, uncapped in total");
    }

    /// <summary>
    /// The same read, by a candidate alone against a benign repository: its <c>--require=./evil.js</c> path makes the node
    /// static check run its evil.js (PatchGuardAttack14cTests), which swaps the candidate's own zz.cs for a symlink to a file
    /// of the server; the server then parses that file and logs Roslyn's diagnostics of it.
    /// </summary>
    [Fact]
    public async Task A_candidate_alone_cannot_make_the_server_parse_a_file_outside_the_worktree()
    {
        var secret = Path.Combine(data, "bugsage.db");
        await File.WriteAllTextAsync(secret, "SQLite format 3 jwt-signing-key-7f3a");
        using var repo = new TestRepository().Commit("benign", ("app.js", "exports.answer = () => 41;\n"));
        var swap = $"const fs = require('fs'); fs.unlinkSync('zz.cs'); fs.symlinkSync({System.Text.Json.JsonSerializer.Serialize(secret)}, 'zz.cs'); console.log('SWAPPED');\n";
        File.WriteAllText(Path.Combine(repo.Path, "evil.js"), swap);
        Directory.CreateDirectory(Path.Combine(repo.Path, "--require=."));
        File.WriteAllText(Path.Combine(repo.Path, "--require=.", "evil.js"), "module.exports = {};\n");
        File.WriteAllText(Path.Combine(repo.Path, "zz.cs"), "public static class Z { }\n");
        repo.Git("add", "-N", "--", "evil.js", "--require=./evil.js", "zz.cs");
        var diff = repo.Git("diff");
        repo.Git("reset", "-q");
        foreach (var f in new[] { "evil.js", "zz.cs" }) File.Delete(Path.Combine(repo.Path, f));
        Directory.Delete(Path.Combine(repo.Path, "--require=."), recursive: true);

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Log.ShouldNotContain("error CS", customMessage: "the server parsed a file outside the worktree that the candidate's code linked in: " + candidate.Log);
    }

    /// <summary>
    /// The memory limit is RLIMIT_AS (prlimit --as), which counts a process's address space; the sandbox's private /tmp
    /// is a tmpfs (bwrap --tmpfs /tmp) with the kernel's default size, half of the machine's RAM, and what is written
    /// there is page cache counted against no process. A repository's test command (or a candidate's code) holds many
    /// times its memory limit in /tmp until it ends; on a server with its database on the same machine that is the
    /// OOM killer's choice of victim.
    /// </summary>
    [Fact]
    public async Task The_private_tmp_is_bounded_by_the_memory_limit()
    {
        using var repo = new TestRepository().Commit("app", ("app.py", "X = 1\n"));
        var limits = SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1), MemoryBytes = 256L << 20 };

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null,
            "head -c 805306368 /dev/zero > /tmp/fill && echo \"FILLED $(du -m /tmp/fill | cut -f1) MiB\"; rm -f /tmp/fill; echo finished", [], limits, CancellationToken.None);

        run.Baseline.Log.ShouldContain("finished", customMessage: "the command ran");
        run.Baseline.Log.ShouldNotContain("FILLED", customMessage: "768 MiB were kept in the sandbox's /tmp under a 256 MiB memory limit: " + run.Baseline.Log);
    }

    /// <summary>
    /// The same gap without a symlink: the candidate's code (run by the node static check) replaces its zz.cs with a FIFO.
    /// The symlink check has passed, File.Exists is true for a FIFO, and the server's File.ReadAllTextAsync blocks in
    /// open(2) for a writer that never comes: the session never ends, no timeout or cancellation reaches a blocked open,
    /// and the fix-session worker, which runs sessions one after another, serves no tenant again until a restart.
    /// </summary>
    [Fact]
    public async Task A_candidate_cannot_hang_validation_with_a_fifo_in_place_of_a_checked_file()
    {
        using var repo = new TestRepository().Commit("benign", ("app.js", "exports.answer = () => 41;\n"));
        File.WriteAllText(Path.Combine(repo.Path, "evil.js"),
            "require('child_process').execSync('rm zz.cs && mkfifo zz.cs'); console.log('FIFO-PLANTED');\n");
        Directory.CreateDirectory(Path.Combine(repo.Path, "--require=."));
        File.WriteAllText(Path.Combine(repo.Path, "--require=.", "evil.js"), "module.exports = {};\n");
        File.WriteAllText(Path.Combine(repo.Path, "zz.cs"), "public static class Z { }\n");
        repo.Git("add", "-N", "--", "evil.js", "--require=./evil.js", "zz.cs");
        var diff = repo.Git("diff");
        repo.Git("reset", "-q");
        foreach (var f in new[] { "evil.js", "zz.cs" }) File.Delete(Path.Combine(repo.Path, f));
        Directory.Delete(Path.Combine(repo.Path, "--require=."), recursive: true);
        var before = Directory.GetDirectories(Path.GetTempPath(), "bugsage-sandbox-*").ToHashSet();

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(20) }, cancel.Token);
        var ended = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run;
        var fifos = Directory.GetDirectories(Path.GetTempPath(), "bugsage-sandbox-*").Where(d => !before.Contains(d))
            .SelectMany(d => Directory.GetFiles(d, "zz.cs", SearchOption.AllDirectories)).ToList();
        // Release the blocked reader (open each FIFO for writing): the run must then end, which shows the FIFO held it.
        foreach (var fifo in fifos)
            try { using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write); } catch (IOException) { }
        var endedOnceReleased = ended || await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run;
        endedOnceReleased.ShouldBeTrue("the run is stuck on something other than the FIFO");
        ended.ShouldBeTrue($"validation still ran 30 s after its cancellation, until the test opened the FIFO the candidate left as zz.cs ({string.Join(", ", fifos)}): the server was blocked reading it");
    }
}
