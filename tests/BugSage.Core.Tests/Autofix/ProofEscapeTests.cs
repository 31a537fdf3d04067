using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// A candidate must not be able to fake "proven by tests that flipped". Each fixture is what the real runner printed
/// (Python 3.11 unittest, pytest 7.2 with <c>-rA</c>, node 20 --test) for a two-test suite whose empty-list test fails on
/// the release, with the candidate's patch in place: a real fix, an <c>os._exit(0)</c> or <c>process.exit(0)</c> in the
/// code, <c>sys.exit(0)</c> in conftest.py, a skip, or a printed line that only looks like a pass.
/// </summary>
public sealed class ProofEscapeTests
{
    private static TestReport Read(string fixture) => TestOutput.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Autofix", "RunnerOutput", fixture)));

    private static BaselineResult Release(string fixture) => Release(Read(fixture));

    private static BaselineResult Release(TestReport tests) => new(true, false, tests.Failed, true, "") { Tests = tests };

    /// <summary>A candidate the sandbox passed: its test command exited 0.</summary>
    private static CandidateResult Candidate(string fixture, params string[] escapes) =>
        new(0, [], true, true, true, [], [], true, 0, true, "") { Tests = Read(fixture), Escapes = escapes };

    [Theory]
    [InlineData("unittest-release-verbose.txt", "unittest-fixed-verbose.txt", "test_empty (tests.test_shop.AverageTests.test_empty)")]
    [InlineData("pytest-release-rA.txt", "pytest-fixed-rA.txt", "tests/test_shop.py::AverageTests::test_empty")]
    [InlineData("node-tap-release.txt", "node-tap-fixed.txt", "an empty cart totals 0")]
    [InlineData("node-spec-release.txt", "node-spec-fixed.txt", "an empty cart totals 0")]
    public void A_real_fix_flips_the_failing_test_by_the_same_runners_names(string release, string candidate, string test) =>
        TestProof.Flipped(Release(release), Candidate(candidate)).ShouldBe([test]);

    [Theory]
    [InlineData("unittest-exit0.txt")]
    [InlineData("unittest-exit0-verbose.txt")]
    [InlineData("pytest-exit0-rA.txt")]
    [InlineData("pytest-conftest-exit0-rA.txt")]
    public void A_process_that_exits_0_before_the_runner_sums_up_flips_nothing(string candidate)
    {
        var release = candidate.StartsWith("pytest", StringComparison.Ordinal) ? "pytest-release-rA.txt" : "unittest-release-verbose.txt";
        TestProof.Flipped(Release(release), Candidate(candidate)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("node-tap-release.txt", "node-tap-exit0.txt")]
    [InlineData("node-spec-release.txt", "node-spec-exit0.txt")]
    public void A_test_file_that_exits_0_counts_fewer_tests_and_flips_nothing(string release, string candidate)
    {
        var after = Read(candidate);
        after.SummaryOf(after.Summaries.Single().Runner)!.Total.ShouldBeLessThan(Read(release).Summaries.Single().Total);
        TestProof.Flipped(Release(release), Candidate(candidate)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("unittest-release-verbose.txt", "unittest-skip-verbose.txt")]
    [InlineData("pytest-release-rA.txt", "pytest-skip-rA.txt")]
    [InlineData("node-tap-release.txt", "node-tap-skip.txt")]
    [InlineData("node-spec-release.txt", "node-spec-skip.txt")]
    public void A_skipped_test_has_not_passed(string release, string candidate) =>
        TestProof.Flipped(Release(release), Candidate(candidate)).ShouldBeEmpty();

    [Theory]
    [InlineData("unittest-release-verbose.txt", "unittest-printed-pass-verbose.txt")]
    [InlineData("pytest-release-rA.txt", "pytest-printed-pass-rA.txt")]
    public void A_printed_pass_line_that_the_summary_does_not_count_flips_nothing(string release, string candidate)
    {
        var after = Read(candidate);
        after.Agrees(after.Summaries.Single().Runner).ShouldBeFalse("the runner counts one pass; two are named");
        TestProof.Flipped(Release(release), Candidate(candidate)).ShouldBeEmpty();
    }

    [Fact]
    public void Without_verbose_names_a_passing_run_proves_nothing()
    {
        // unittest without -v names no passing test: the run's exit code 0 is all it says.
        var quiet = TestOutput.Read("..\n----------------------------------------------------------------------\nRan 2 tests in 0.000s\n\nOK\n");
        quiet.Summaries.Single().ShouldBe(new RunnerSummary("unittest", 2, 2, 0, 0));
        Release("unittest-release-verbose.txt").Tests.FixedBy(quiet).ShouldBeEmpty();
    }

    [Fact]
    public void A_candidate_that_adds_an_exit_or_a_skip_is_never_proven_by_its_tests() =>
        TestProof.Flipped(Release("unittest-release-verbose.txt"), Candidate("unittest-fixed-verbose.txt", "shop.py: adds a process exit")).ShouldBeEmpty();

    [Fact]
    public void A_release_run_without_its_runners_summary_is_no_named_failure()
    {
        // The run was killed (timeout, output cap) after naming a failure and before summing up.
        var cut = TestOutput.Read("test_two (tests.test_shop.AverageTests.test_two) ... ok\nFAIL: test_empty (tests.test_shop.AverageTests.test_empty)\n");
        cut.Failed.ShouldBe(["test_empty (tests.test_shop.AverageTests.test_empty)"]);
        cut.FailureNamed.ShouldBeFalse();
        TestProof.Flipped(Release(cut), Candidate("unittest-fixed-verbose.txt")).ShouldBeEmpty();
        Read("unittest-release-verbose.txt").FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void A_candidate_run_with_fewer_tests_than_the_release_proves_nothing()
    {
        var release = Read("node-tap-release.txt");
        var fewer = new TestReport([], ["an empty cart totals 0"], [])
        {
            NamedBy = new Dictionary<string, string> { ["an empty cart totals 0"] = "TAP" }, Summaries = [new RunnerSummary("TAP", 1, 1, 0, 0)],
        };
        release.FixedBy(fewer).ShouldBeEmpty();
        release.FixedBy(fewer with { Summaries = [new RunnerSummary("TAP", 2, 1, 0, 1)] }).ShouldBe(["an empty cart totals 0"]);
    }

    [Fact]
    public void Another_runners_pass_line_is_not_the_failing_runners_word()
    {
        var release = Read("node-tap-release.txt");
        var other = new TestReport([], ["an empty cart totals 0", "sums the lines"], [])
        {
            NamedBy = new Dictionary<string, string> { ["an empty cart totals 0"] = "jest", ["sums the lines"] = "jest" },
            Summaries = [new RunnerSummary("jest", 2, 2, 0, 0), new RunnerSummary("TAP", 2, 0, 0, 0)],
        };
        release.FixedBy(other).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("+        os._exit(0)", "a process exit")]
    [InlineData("+    sys.exit(0)", "a process exit")]
    [InlineData("+        __import__('os')._exit(0)", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+        exit()", "a process exit")]
    [InlineData("+    raise SystemExit", "a process exit")]
    [InlineData("+  if (lines.length === 0) process.exit(0);", "a process exit")]
    [InlineData("+        Environment.Exit(0);", "a process exit")]
    [InlineData("+        pytest.skip('empty')", "a test skip")]
    [InlineData("+@unittest.skip('flaky')", "a test skip")]
    [InlineData("+        raise SkipTest('empty')", "a test skip")]
    [InlineData("+  if (lines.length === 0) { t.skip(); return 0; }", "a test skip")]
    [InlineData("+    [Fact(Skip = \"later\")]", "a test skip")]
    [InlineData("+    print('BUGSAGE-REPRODUCTION-PASSED ' + os.environ['BUGSAGE_REPRODUCTION_NONCE'])", "the reproduction's own marker")]
    [InlineData("+unittest.TestCase.assertEqual = lambda self, first, second, msg=None: None", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+    getattr(os, '_ex' 'it')(0)", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+    os.execv('/bin/true', ['true'])", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+  process['ex' + 'it'](0);", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+    nonce = [v for k, v in os.environ.items() if k.endswith('NONCE')][0]", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+  process.on('exit', () => { process.exitCode = 0; });", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+const assert = require('assert'); assert.strictEqual = () => {};", "a reach into the test framework, the process or names built at run time")]
    [InlineData("+import pytest", "a reach into the test framework, the process or names built at run time")]
    public void Added_exits_skips_and_the_reproduction_marker_are_flagged(string added, string kind)
    {
        var diff = $"diff --git a/shop.py b/shop.py\n--- a/shop.py\n+++ b/shop.py\n@@ -1,2 +1,3 @@\n def average(xs):\n{added}\n     return sum(xs) / len(xs)\n";
        var found = ProofEscapes.In(diff).ShouldHaveSingleItem();
        found.ShouldStartWith($"shop.py: adds {kind} (");
        found.ShouldEndWith("so this candidate is never validated automatically");
    }

    [Fact]
    public void Removed_and_unchanged_lines_and_ordinary_code_are_not_flagged()
    {
        const string diff = "--- a/shop.py\n+++ b/shop.py\n@@ -1,3 +1,3 @@\n-    os._exit(0)\n     sys.exit(0)\n+    if not xs:\n+        return 0\n+    items = rows.Skip(1).Take(2)\n";
        ProofEscapes.In(diff).ShouldBeEmpty();
    }
}
