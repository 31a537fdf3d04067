using BugSage.Core.Autofix.Sandbox;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Whatever a test command prints (its tests are the repository's code, and so is their output), reading it
/// never throws, and every test it names is text the output holds: a name is never made up.
/// </summary>
public class TestOutputProperties
{
    // The runners' own marks, so that the generated text walks their parsers, mixed with line breaks and odd characters.
    private static readonly string[] Pieces =
    [
        "FAIL: ", "ERROR: ", "test_x (a.B.test_x)", " (n=2)", "FAILED (failures=2, errors=1)", "setUpClass (a.B)", "unittest.loader._FailedTest", " ... ok",
        "FAILED ", "ERROR ", "t.py::test_a", " - boom", "===== 3 failed, 1 passed in 0.1s =====", " PASSED",
        "not ok ", "ok ", "1 - ", "2 ", "# SKIP", "  ---", "  ...", "  type: 'suite'", "  exitCode: 1", "  failureType: 'hookFailed'", "# fail 4", "/t/a.test.js",
        "✖ ", "✔ ", "▶ ", " (1.5ms)", "✖ failing tests:", "ℹ fail 3",
        "  Failed ", "  Passed ", "N.C.M(x: \"1\")", " [12 ms]", " [< 1 ms]", "Failed!  - Failed:     3, Passed: 1", "error CS0103: nope", "Test Run Aborted",
        "✕ ", "✓ ", " (5 ms)", "Tests:       2 failed, 1 total", "● Test suite failed to run",
        "--- FAIL: ", "--- PASS: ", "TestA/case", " (0.00s)", "FAIL\tpkg [build failed]",
        "\n", "\r\n", "\r", " ", "    ", "\t", "(", ")", "[", "]", "-", ":", "a", "é", "中", "😀", "\0",
    ];

    private static readonly Gen<string> Output = Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 80].Select(string.Concat);

    [Fact]
    public void Reading_any_output_never_throws_and_names_only_text_it_holds() =>
        Output.Sample(text =>
        {
            var report = TestOutput.Read(text);
            foreach (var name in report.Failed.Concat(report.Passed))
            {
                name.ShouldNotBeEmpty();
                text.ShouldContain(name, Case.Sensitive, "a name is a piece of the output");
            }
            report.Failed.ShouldBeUnique();
            report.Passed.ShouldBeUnique();
            report.Passed.Intersect(report.Failed).ShouldBeEmpty("a test named failing is not also passing");
            if (report.FailureNamed) report.Failed.ShouldNotBeEmpty();
        }, iter: 20_000);

    [Fact]
    public void Arbitrary_text_never_names_a_test() =>
        Gen.String.Sample(text =>
        {
            var report = TestOutput.Read(text);
            foreach (var name in report.Failed.Concat(report.Passed)) text.ShouldContain(name, Case.Sensitive);
        }, iter: 20_000);

    private static readonly string[] TrxPieces =
    [
        "<TestRun>", "</TestRun>", "<UnitTestResult testName=\"N.C.M\" outcome=\"Failed\" />", "<UnitTestResult testName=\"N.C.K\" outcome=\"Passed\" />",
        "<UnitTestResult testName=\"\" outcome=\"Timeout\">", "</UnitTestResult>", "<Counters failed=\"3\" error=\"x\" />", "<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;",
        "<?xml version=\"1.0\"?>", "<", ">", "\"", "&amp;", "\n", "a",
    ];

    [Fact]
    public void Reading_any_trx_text_never_throws() =>
        Gen.Int[0, TrxPieces.Length - 1].Select(i => TrxPieces[i]).Array[0, 30].Select(string.Concat).Sample(text =>
        {
            var report = TestResultsFile.Read(text);
            report.Passed.Intersect(report.Failed).ShouldBeEmpty();
        }, iter: 5_000);
}
