using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// The sandbox makes each runner name every result, and reads dotnet test's TRX only from the file its logger
/// wrote during the run, in a folder emptied just before it: never a file the repository or its tests put there.
/// </summary>
public sealed class NamedResultsTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("bugsage-results-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    private static string Trx() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Autofix", "RunnerOutput", "dotnet-test.trx"));

    [Theory]
    [InlineData("python3 -m unittest discover -s tests -t .", "python3 -m unittest discover -s tests -t . -v")]
    [InlineData("python3 -m unittest", "python3 -m unittest -v")]
    [InlineData("cd app && python -B -m unittest discover && echo done", "cd app && python -B -m unittest discover -v && echo done")]
    [InlineData("python3 -m unittest -v", "python3 -m unittest -v")]
    [InlineData("python3 -m unittest discover --verbose", "python3 -m unittest discover --verbose")]
    [InlineData("node --test test/", "node --test test/")]
    public void Unittest_runs_are_made_verbose(string command, string run) => NamedResults.Command(command).ShouldBe(run);

    [Fact]
    public void Pytest_is_told_to_list_every_outcome() => NamedResults.Variables["PYTEST_ADDOPTS"].ShouldBe("-rA");

    [Fact]
    public void A_plain_dotnet_test_writes_one_named_trx_file_into_the_runs_folder() =>
        TestResultsFile.Command("dotnet test Billing.Tests --no-build -nologo", ".bugsage-test-results-1")
            .ShouldBe("dotnet test Billing.Tests --no-build -nologo --logger 'trx;LogFileName=bugsage-results.trx' --results-directory .bugsage-test-results-1");

    [Fact]
    public void The_results_folder_starts_empty_whatever_the_repository_put_there()
    {
        var folder = TestResultsFile.NewFolder();
        Directory.CreateDirectory(Path.Combine(tree, folder));
        File.WriteAllText(Path.Combine(tree, folder, TestResultsFile.FileName), Trx());

        TestResultsFile.Prepare(tree, folder);

        Directory.EnumerateFileSystemEntries(Path.Combine(tree, folder)).ShouldBeEmpty();
        TestResultsFile.ReadFrom(tree, folder, TestReport.Empty, DateTime.UtcNow.AddMinutes(-1)).ShouldBeNull("the logger wrote nothing");
    }

    [Fact]
    public void The_loggers_file_written_during_the_run_is_read()
    {
        var folder = TestResultsFile.NewFolder();
        TestResultsFile.Prepare(tree, folder);
        var started = DateTime.UtcNow.AddSeconds(-1);
        File.WriteAllText(Path.Combine(tree, folder, TestResultsFile.FileName), Trx());

        var report = TestResultsFile.ReadFrom(tree, folder, TestReport.Empty, started).ShouldNotBeNull();

        report.Unnamed.ShouldBeEmpty();
        report.Failed.Count.ShouldBe(2);
        report.Summaries.ShouldBe([new RunnerSummary("trx", 4, 2, 2, 0)]);
        report.FailureNamed.ShouldBeTrue();
    }

    [Fact]
    public void A_second_trx_beside_the_loggers_or_one_older_than_the_run_is_not_read()
    {
        var folder = TestResultsFile.NewFolder();
        TestResultsFile.Prepare(tree, folder);
        var file = Path.Combine(tree, folder, TestResultsFile.FileName);
        File.WriteAllText(file, Trx());
        // A test wrote its own results beside the logger's.
        File.WriteAllText(Path.Combine(tree, folder, "forged.trx"), Trx().Replace("outcome=\"Failed\"", "outcome=\"Passed\"", StringComparison.Ordinal));

        var planted = TestResultsFile.ReadFrom(tree, folder, TestReport.Empty, DateTime.UtcNow.AddMinutes(-1)).ShouldNotBeNull();
        (planted.Failed, planted.Passed).ShouldBe(([], []));
        planted.Unnamed.ShouldHaveSingleItem().ShouldStartWith("trx: the results folder holds something the logger did not write");

        File.Delete(Path.Combine(tree, folder, "forged.trx"));
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        TestResultsFile.ReadFrom(tree, folder, TestReport.Empty, DateTime.UtcNow.AddMinutes(-1)).ShouldNotBeNull().Unnamed.ShouldNotBeEmpty("written before the run started");
    }

    [Fact]
    public void A_run_told_to_write_a_trx_that_wrote_none_proves_no_test_passed()
    {
        // What the console parser reads from a run whose tests printed lines shaped like dotnet test's and stopped the logger.
        var console = TestOutput.Read("""
              Passed Billing.Tests.InvoiceTests.Total_includes_tax [3 ms]
              Failed Billing.Tests.InvoiceTests.Rounds_half_up [5 ms]
            Failed!  - Failed:     1, Passed:     1, Skipped:     0, Total:     2, Duration: 20 ms - Billing.Tests.dll (net10.0)
            """);
        console.Passed.ShouldNotBeEmpty("the console parser reads the printed pass");

        var report = TestResultsFile.Missing(console);

        report.Passed.ShouldBeEmpty();
        report.Failed.ShouldBe(console.Failed);
        report.Unnamed.ShouldContain(u => u.StartsWith("trx: the run wrote no results file", StringComparison.Ordinal));
        console.FixedBy(report).ShouldBeEmpty();
        report.FailureNamed.ShouldBeFalse();
    }
}
