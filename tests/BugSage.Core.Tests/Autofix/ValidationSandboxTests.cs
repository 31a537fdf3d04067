using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>Candidates proved in worktrees against a real repository with a failing test: only a real fix is validated.</summary>
public sealed class ValidationSandboxTests : IDisposable
{
    private const string Bug = "def average(values):\n    return sum(values) / len(values)\n";
    private const string Tests = "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n";
    private readonly TestRepository git = new TestRepository().Commit("average", ("calc.py", Bug), ("test_calc.py", Tests));

    private string repo => git.Path;

    public void Dispose() => git.Dispose();

    private string Git(params string[] args) => git.Git(args);

    private string DiffTo(string content) => git.DiffTo("calc.py", content);

    [Fact]
    public async Task Only_the_candidate_that_fixes_the_bug_without_breaking_a_test_is_validated()
    {
        var candidates = new[]
        {
            DiffTo("def average(values):\n    return sum(values) / len(values) if values else 0\n"),
            DiffTo("def average(values):\n    return 0\n"),
            DiffTo("def average(values):\n    return sum(values) / len(values) if values else\n"),
            "diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml\n--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-run: test\n+run: true\n",
            // Made for other code: it does not apply.
            "--- a/calc.py\n+++ b/calc.py\n@@ -9,1 +9,1 @@\n-nothing\n+something\n",
        };
        var run = await ValidationSandbox.ValidateAsync(repo, "HEAD", null, "python3 -m unittest -v", candidates, SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse();
        run.Baseline.FailedTests.ShouldBe(["test_empty (test_calc.AverageTests.test_empty)"]);
        var (fix, wrong, broken, ci, stale) = (run.Candidates[0], run.Candidates[1], run.Candidates[2], run.Candidates[3], run.Candidates[4]);
        (fix.Applied, fix.Built, fix.TestsPassed, fix.Validated).ShouldBe((true, true, true, true));
        fix.Risk.ShouldBeLessThan(0.3);
        (wrong.Applied, wrong.Built, wrong.TestsPassed, wrong.Validated).ShouldBe((true, true, false, false));
        wrong.NewFailures.ShouldBe(["test_average (test_calc.AverageTests.test_average)"], "the baseline's own failure is not blamed on the candidate");
        (broken.Applied, broken.Built, broken.Validated).ShouldBe((true, false, false));
        broken.Log.ShouldContain("SyntaxError");
        (ci.Applied, ci.Validated).ShouldBe((false, false));
        ci.Problems.ShouldContain(".github/workflows/ci.yml: edits CI configuration");
        (stale.Applied, stale.Validated).ShouldBe((false, false));
        Git("worktree", "list").Trim().Split('\n').Length.ShouldBe(1, "every worktree is removed");
        fix.NetworkIsolated.ShouldBeTrue();
    }

    [Fact]
    public async Task Commands_run_without_secrets_or_unbounded_time()
    {
        Environment.SetEnvironmentVariable("BUGSAGE_TEST_SECRET", "sk-do-not-leak");
        var env = await SandboxProcess.RunAsync("env", repo, SandboxLimits.Default, CancellationToken.None);
        env.Output.ShouldNotContain("sk-do-not-leak");
        var slow = await SandboxProcess.RunAsync("sleep 30", repo, SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        slow.TimedOut.ShouldBeTrue();
        var network = await SandboxProcess.RunAsync("python3 -c \"import socket; socket.create_connection(('1.1.1.1', 53), 2)\"", repo, SandboxLimits.Default, CancellationToken.None);
        (network.ExitCode, network.NetworkIsolated).ShouldBe((1, true));
        network.Output.ShouldContain("unreachable");
    }
}
