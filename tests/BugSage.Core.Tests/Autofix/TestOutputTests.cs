using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// The failing tests named in real runners' output. Every fixture under RunnerOutput is what the runner
/// printed for a tiny suite with failing tests (Python 3.11 unittest, pytest 7.2, node 20 --test with its
/// TAP and spec reporters, dotnet test 10 with xunit 2.9, go 1.19), saved unchanged.
/// </summary>
public sealed class TestOutputTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Autofix", "RunnerOutput", name));

    private static TestReport Read(string fixture) => TestOutput.Read(Fixture(fixture));

    [Theory]
    [InlineData("unittest-default.txt")]
    [InlineData("unittest-verbose.txt")]
    public void Unittest_failures_and_errors_are_named_tests(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBe(["test_empty (tests.test_shop.AverageTests.test_empty)", "test_wrong (tests.test_shop.AverageTests.test_wrong)"]);
        report.Unnamed.ShouldBeEmpty();
        report.FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void Unittest_verbose_names_the_passing_tests_too() =>
        Read("unittest-verbose.txt").Passed.ShouldBe(["test_two (tests.test_shop.AverageTests.test_two)"]);

    [Fact]
    public void A_module_that_did_not_import_is_no_named_failure()
    {
        var report = Read("unittest-import-error.txt");
        report.Failed.ShouldBeEmpty();
        report.Unnamed.ShouldBe(["ERROR: tests.test_broken (unittest.loader._FailedTest.tests.test_broken)"]);
        report.FailureNamed.ShouldBeFalse();
    }

    [Fact]
    public void A_class_fixture_is_no_test_and_a_subtest_names_its_test()
    {
        var report = Read("unittest-setup-subtest.txt");
        report.Failed.ShouldBe(["test_each (tests.test_setup.Cases.test_each)"]);
        report.Unnamed.ShouldBe(["ERROR: setUpClass (tests.test_setup.Loaded)"]);
        report.FailureNamed.ShouldBeFalse("setUpClass failed: the fixture, not a test, says the run failed");
    }

    [Theory]
    [InlineData("pytest-default.txt")]
    [InlineData("pytest-verbose.txt")]
    public void Pytest_short_summary_names_the_failures(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBe(["tests/test_shop.py::AverageTests::test_empty", "tests/test_shop.py::AverageTests::test_wrong"]);
        report.FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void Pytest_verbose_names_the_passing_tests_too() =>
        Read("pytest-verbose.txt").Passed.ShouldBe(["tests/test_shop.py::AverageTests::test_two"]);

    [Fact]
    public void Pytest_collection_and_fixture_errors_are_no_named_failures()
    {
        var collection = Read("pytest-collection-error.txt");
        collection.Failed.ShouldBeEmpty();
        collection.Unnamed.ShouldBe(["ERROR tests/test_broken.py"]);
        var fixture = Read("pytest-fixture-error.txt");
        fixture.Failed.ShouldBe(["tests/test_rates.py::test_parse[2,5-2.5]"]);
        fixture.Unnamed.ShouldBe(["ERROR tests/test_rates.py::test_uses_rates"]);
        fixture.FailureNamed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("node-tap.txt")]
    [InlineData("node-spec.txt")]
    public void Node_test_names_the_failing_tests_not_their_suite(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBe(["missing quantity counts one", "rejects a negative price"]);
        report.Passed.ShouldBe(["sums prices", "applies none by default"]);
        report.Unnamed.ShouldBeEmpty();
        report.FailureNamed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("node-tap-load-error.txt")]
    [InlineData("node-spec-load-error.txt")]
    public void A_test_file_that_did_not_load_is_no_named_failure(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBeEmpty();
        report.Unnamed.Count.ShouldBe(1);
        report.Unnamed[0].ShouldContain("a.test.js failed as a whole");
    }

    [Theory]
    [InlineData("dotnet-test-console.txt")]
    [InlineData("dotnet-test-normal.txt")]
    public void Dotnet_test_names_failing_facts_and_theory_rows(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBe(["Ledger.Tests.BalanceTests.Parses_amount(text: \"1,5\", expected: 1.5)", "Ledger.Tests.BalanceTests.Average_of_none_is_zero"]);
        report.Unnamed.ShouldBeEmpty();
        report.FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void Dotnet_test_at_normal_verbosity_names_the_passing_tests() =>
        Read("dotnet-test-normal.txt").Passed.ShouldBe(["Ledger.Tests.BalanceTests.Average_of_two", "Ledger.Tests.BalanceTests.Parses_amount(text: \"2\", expected: 2)"]);

    [Fact]
    public void A_trx_file_names_every_result()
    {
        var report = TestResultsFile.Read(Fixture("dotnet-test.trx"));
        report.Failed.Order().ShouldBe(["Ledger.Tests.BalanceTests.Average_of_none_is_zero", "Ledger.Tests.BalanceTests.Parses_amount(text: \"1,5\", expected: 1.5)"]);
        report.Passed.Order().ShouldBe(["Ledger.Tests.BalanceTests.Average_of_two", "Ledger.Tests.BalanceTests.Parses_amount(text: \"2\", expected: 2)"]);
        report.Unnamed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("go-verbose.txt")]
    [InlineData("go-default.txt")]
    public void Go_test_names_failing_tests_and_subtests(string fixture)
    {
        var report = Read(fixture);
        report.Failed.ShouldBe(["TestAverageCases", "TestAverageCases/rounds"]);
        report.FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void A_go_package_that_did_not_build_is_no_named_failure()
    {
        var report = Read("go-build-failed.txt");
        report.Failed.ShouldBeEmpty();
        report.Unnamed.ShouldBe(["go: FAIL\texample.com/ledger [build failed]"]);
    }

    [Fact]
    public void A_summary_counting_more_failures_than_are_named_leaves_some_unnamed()
    {
        // The run ended after the summary was printed but the failure lines were cut from the kept output.
        var cut = string.Join('\n', Fixture("unittest-default.txt").Split('\n').Where(l => !l.StartsWith("FAIL: ", StringComparison.Ordinal)));
        var report = TestOutput.Read(cut);
        report.Failed.ShouldBe(["test_empty (tests.test_shop.AverageTests.test_empty)"]);
        report.Unnamed.ShouldBe(["unittest counts 2 failures, 1 named"]);
        report.FailureNamed.ShouldBeFalse();
    }

    [Fact]
    public void A_result_line_too_long_to_be_a_runners_is_not_read_and_its_failure_stays_unnamed()
    {
        var report = TestOutput.Read("not ok 1 - " + new string('x', 100_000) + "\n1..1\n# fail 1\n");
        report.Failed.ShouldBeEmpty();
        report.Unnamed.ShouldBe(["TAP counts 1 failure, 0 named"]);
    }

    [Fact]
    public void Output_without_a_runner_names_nothing()
    {
        var report = TestOutput.Read("error: could not resolve host registry.example\nSegmentation fault (core dumped)\n");
        (report.Failed.Count, report.Passed.Count, report.Unnamed.Count, report.FailureNamed).ShouldBe((0, 0, 0, false));
    }

    [Fact]
    public void A_test_that_failed_before_passes_after_only_when_the_same_runner_names_it_passing_and_sums_up()
    {
        var before = Read("node-tap.txt");
        var names = new Dictionary<string, string> { ["sums prices"] = "TAP", ["missing quantity counts one"] = "TAP", ["applies none by default"] = "TAP" };
        var after = new TestReport([], ["sums prices", "missing quantity counts one", "applies none by default"], [])
        {
            NamedBy = names, Summaries = [new RunnerSummary("TAP", 4, 3, 0, 1)],
        };
        before.FixedBy(after).ShouldBe(["missing quantity counts one"], "'rejects a negative price' did not run after, so it has not passed");
        before.BrokenBy(new TestReport(["sums prices"], [], [])).ShouldBe(["sums prices"]);
        before.FixedBy(new TestReport([], [], [])).ShouldBeEmpty("a run that names no passing test proves none passed");
        before.FixedBy(after with { Summaries = [] }).ShouldBeEmpty("without the runner's summary the run may have been cut short");
    }
}
