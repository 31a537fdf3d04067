using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>What a reproduction's run says: only a run that failed, with the crash's exception in the crash's function, reproduces it.</summary>
public sealed class ReproductionRunTests
{
    private static readonly ExpectedFailure KeyErrorInMerge = new("KeyError", "merge", "deploy/settings.py");

    private const string Nonce = "5F0C1A2B3D4E5F60718293A4B5C6D7E8";

    private const string Caught = ReproductionRun.Marker + """{"type": "KeyError", "function": "merge", "file": "deploy/settings.py"}""";

    [Fact]
    public void A_failing_run_that_caught_the_crash_reproduces_it() =>
        ReproductionRun.Read(1, "Traceback …\n" + Caught + "\nFAILED (failures=1)\n", Nonce).Mismatch(KeyErrorInMerge).ShouldBeNull();

    [Fact]
    public void A_run_that_exited_0_reproduces_nothing_whatever_it_printed()
    {
        // The code under test printed a line that looks like the test's own, and returned normally.
        var run = ReproductionRun.Read(0, "config: " + Caught + "\nOK\n", Nonce);
        run.Passed.ShouldBeFalse();
        run.Mismatch(KeyErrorInMerge).ShouldNotBeNull().ShouldContain("exited 0");
    }

    [Fact]
    public void Another_exception_or_another_function_is_not_the_crash()
    {
        ReproductionRun.Read(1, ReproductionRun.Marker + """{"type": "TypeError", "function": "merge", "file": "deploy/settings.py"}""", Nonce).Mismatch(KeyErrorInMerge).ShouldNotBeNull();
        ReproductionRun.Read(1, ReproductionRun.Marker + """{"type": "KeyError", "function": "load", "file": "deploy/settings.py"}""", Nonce).Mismatch(KeyErrorInMerge).ShouldNotBeNull();
    }

    [Fact]
    public void Only_the_harness_line_with_this_runs_nonce_written_last_is_a_pass()
    {
        ReproductionRun.Read(0, "test_merge ... ok\nOK\n" + ReproductionRun.PassedMarker + Nonce + "\n", Nonce).Passed.ShouldBeTrue();
        // The process exited 0 before the harness wrote anything (os._exit(0), process.exit(0) in the code under test).
        var exited = ReproductionRun.Read(0, "test_merge ... ", Nonce);
        exited.Passed.ShouldBeFalse();
        exited.Mismatch(KeyErrorInMerge).ShouldBe("it exited 0 without the harness's last line, so the call never returned to the test");
        ReproductionRun.Read(0, ReproductionRun.PassedMarker + "0000\n", Nonce).Passed.ShouldBeFalse("another run's nonce, or a guessed one");
        ReproductionRun.Read(0, ReproductionRun.PassedMarker + Nonce + "\nprinted afterwards\n", Nonce).Passed.ShouldBeFalse("not the last line");
        ReproductionRun.Read(1, ReproductionRun.PassedMarker + Nonce + "\n", Nonce).Passed.ShouldBeFalse("the command failed");
    }
}
