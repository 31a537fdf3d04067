using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Red team 14d: bypasses of the 14c fixes to what runs during validation (package.json scripts, standard modules the
/// worktree shadows).
/// </summary>
public sealed class SandboxAttack14dTests
{
    /// <summary>
    /// ValidationSandbox now adds the root package.json's scripts to the commands whose files are guarded, but
    /// PatchGuard.NamedByCommands only takes words with a '/' or a '.' and matches them as exact paths. node resolves
    /// <c>node scripts/verify</c> (or <c>node verify</c>) to <c>scripts/verify.js</c>, which the guard never names: a
    /// candidate that only makes that runner exit 0 is validated as a fix.
    /// </summary>
    [Fact]
    public async Task A_script_package_json_runs_without_its_extension_is_guarded()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        const string runner = "const { total } = require('../cart');\nif (total([1, 2]) !== 3) { console.error('FAIL total'); process.exit(1); }\nconsole.log('ok');\n";
        using var repo = new TestRepository().Commit("cart",
            ("package.json", "{ \"name\": \"cart\", \"version\": \"1.0.0\", \"scripts\": { \"test\": \"node scripts/verify\" } }\n"),
            ("cart.js", "exports.total = (items) => items.reduce((a, b) => a + b, 1);\n"),
            ("scripts/verify.js", runner));
        var diff = repo.DiffTo("scripts/verify.js", "process.exit(0);\n" + runner);

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "npm test", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse("the bug is there: the baseline fails " + run.Baseline.Log);
        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Validated.ShouldBeFalse("a patch that only makes scripts/verify.js (what \"node scripts/verify\" runs) exit 0 was validated as a fix: " + candidate.Log);
        candidate.Problems.ShouldNotBeEmpty();
    }

    /// <summary>
    /// 14c's fix lists standard modules a root file may not shadow (py_compile, runpy, unittest, pytest...), but
    /// <c>python3 -m unittest</c> / <c>-m pytest</c> put the worktree first on sys.path and then import many other
    /// standard modules (unittest.main imports argparse; pytest imports argparse, inspect, dataclasses...). A
    /// candidate's root argparse.py runs inside the test command and decides its exit status.
    /// </summary>
    [Theory]
    [InlineData("argparse.py")]
    [InlineData("difflib.py")]
    public void A_root_module_shadowing_the_standard_library_is_guarded(string path)
    {
        var review = PatchGuard.Review([new PatchedFile(path, 0x81A4)], PatchScope.None);
        review.Problems.ShouldNotBeEmpty($"{path} shadows a standard module that python3 -m unittest/pytest imports from the worktree, yet a candidate may write it");
    }

    [Fact]
    public async Task A_candidate_shadowing_argparse_cannot_pass_the_unittest_command()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        using var repo = new TestRepository().Commit("app",
            ("app.py", "def answer():\n    return 41\n"),
            ("test_app.py", "import unittest\nimport app\n\nclass T(unittest.TestCase):\n    def test_answer(self):\n        self.assertEqual(app.answer(), 42)\n"));
        File.WriteAllText(Path.Combine(repo.Path, "argparse.py"), "import os\nprint('CANDIDATE-ARGPARSE-RAN')\nos._exit(0)\n");
        repo.Git("add", "-N", "argparse.py");
        var diff = repo.Git("diff");
        repo.Git("reset", "-q");
        File.Delete(Path.Combine(repo.Path, "argparse.py"));

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "python3 -m unittest", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse("the bug is there: the baseline fails " + run.Baseline.Log);
        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Validated.ShouldBeFalse("a candidate that only adds a root argparse.py (run by python3 -m unittest) was validated as a fix: " + candidate.Log);
    }

    /// <summary>
    /// 14c bounded the private /tmp (--size before --tmpfs /tmp), but bwrap's --dev is a tmpfs of its own, with no size,
    /// writable in the sandbox: /dev/shm (and /dev itself) keep what a command writes in memory that neither prlimit --as
    /// nor the /tmp bound counts. The same 768 MiB under a 256 MiB memory limit, written to /dev/shm instead of /tmp.
    /// </summary>
    [Theory]
    [InlineData("/dev/shm/fill")]
    [InlineData("/dev/fill")]
    public async Task No_tmpfs_in_the_sandbox_holds_more_than_the_memory_limit(string path)
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        using var repo = new TestRepository().Commit("app", ("app.py", "X = 1\n"));
        var limits = SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1), MemoryBytes = 256L << 20 };

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null,
            $"head -c 805306368 /dev/zero > {path} && echo \"FILLED $(du -m {path} | cut -f1) MiB\"; rm -f {path}; echo finished", [], limits, CancellationToken.None);

        run.Baseline.Log.ShouldContain("finished", customMessage: "the command ran");
        run.Baseline.Log.ShouldNotContain("FILLED", customMessage: $"768 MiB were kept in {path} under a 256 MiB memory limit: " + run.Baseline.Log);
    }

    /// <summary>
    /// PackageScripts reads only the root package.json. A test command that runs npm in a sub-project (<c>cd web &amp;&amp; npm
    /// test</c>, or <c>npm --prefix web test</c>, as monorepos do) runs web/package.json's scripts, which nobody reads: the
    /// runner they name (web/tools/check.js) is plain source to the guard.
    /// </summary>
    [Fact]
    public async Task A_script_a_sub_projects_package_json_runs_is_guarded()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        const string runner = "const { total } = require('../cart');\nif (total([1, 2]) !== 3) { console.error('FAIL total'); process.exit(1); }\nconsole.log('ok');\n";
        using var repo = new TestRepository().Commit("cart",
            ("web/package.json", "{ \"name\": \"cart\", \"version\": \"1.0.0\", \"scripts\": { \"test\": \"node tools/check.js\" } }\n"),
            ("web/cart.js", "exports.total = (items) => items.reduce((a, b) => a + b, 1);\n"),
            ("web/tools/check.js", runner));
        var diff = repo.DiffTo("web/tools/check.js", "process.exit(0);\n" + runner);

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "cd web && npm test", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse("the bug is there: the baseline fails " + run.Baseline.Log);
        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Validated.ShouldBeFalse("a patch that only makes web/tools/check.js (what web/package.json's test script runs) exit 0 was validated as a fix: " + candidate.Log);
    }
}
