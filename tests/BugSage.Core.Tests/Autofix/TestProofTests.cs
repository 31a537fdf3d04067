using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;

namespace BugSage.Core.Tests.Autofix;

/// <summary>The repository's tests prove a candidate only when the release's failure is named tests, and one of them flips.</summary>
public sealed class TestProofTests
{
    private static TestReport Fixture(string name) => TestOutput.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Autofix", "RunnerOutput", name)));

    private static BaselineResult Failing(TestReport tests) => new(true, false, tests.Failed, true, "") { Tests = tests };

    private static CandidateResult Passing(TestReport tests) => new(0, [], true, true, true, tests.Failed, [], true, 0, true, "") { Tests = tests };

    [Fact]
    public void Named_failures_that_pass_with_the_candidate_prove_it()
    {
        string[] passing = ["sums prices", "missing quantity counts one", "applies none by default", "rejects a negative price"];
        var after = new TestReport([], passing, []) { NamedBy = passing.ToDictionary(t => t, _ => "TAP"), Summaries = [new RunnerSummary("TAP", 4, 4, 0, 0)] };
        TestProof.Flipped(Failing(Fixture("node-tap.txt")), Passing(after)).ShouldBe(["missing quantity counts one", "rejects a negative price"]);
    }

    [Theory]
    [InlineData("unittest-import-error.txt")]
    [InlineData("unittest-setup-subtest.txt")]
    [InlineData("pytest-collection-error.txt")]
    [InlineData("node-tap-load-error.txt")]
    [InlineData("node-spec-load-error.txt")]
    [InlineData("go-build-failed.txt")]
    public void A_release_failure_that_names_no_test_or_not_only_tests_proves_nothing(string fixture) =>
        TestProof.Flipped(Failing(Fixture(fixture)), Passing(TestReport.Empty)).ShouldBeEmpty();

    [Fact]
    public void Output_no_runner_wrote_proves_nothing() =>
        TestProof.Flipped(Failing(TestOutput.Read("Segmentation fault (core dumped)\n")), Passing(TestReport.Empty)).ShouldBeEmpty();

    [Fact]
    public void A_candidate_that_breaks_another_test_or_skips_the_failing_one_proves_nothing()
    {
        var before = Failing(Fixture("unittest-verbose.txt"));
        var broke = new TestReport(["test_two (tests.test_shop.AverageTests.test_two)"], [], []);
        TestProof.Flipped(before, Passing(broke) with { Validated = false }).ShouldBeEmpty();
        TestProof.Flipped(before, Passing(broke)).ShouldBeEmpty("even were its exit code 0, a test that passed before fails");
        var skipped = new TestReport([], ["test_two (tests.test_shop.AverageTests.test_two)"], []);
        TestProof.Flipped(before, Passing(skipped)).ShouldBeEmpty("the failing tests did not run, so they have not passed");
        var unnamed = new TestReport([], ["test_empty (tests.test_shop.AverageTests.test_empty)"], ["ERROR: setUpClass (tests.test_shop.Other)"]);
        TestProof.Flipped(before, Passing(unnamed)).ShouldBeEmpty();
    }

    [Fact]
    public void A_release_that_built_nothing_or_passed_proves_nothing()
    {
        var tests = Fixture("dotnet-test-console.txt");
        TestProof.Flipped(Failing(tests) with { Built = false }, Passing(TestReport.Empty)).ShouldBeEmpty();
        TestProof.Flipped(Failing(tests) with { TestsPassed = true }, Passing(TestReport.Empty)).ShouldBeEmpty();
        TestProof.Flipped(Failing(tests), Passing(TestReport.Empty)).ShouldBeEmpty("a run that names nothing proves nothing, whatever its exit code");
    }
}
