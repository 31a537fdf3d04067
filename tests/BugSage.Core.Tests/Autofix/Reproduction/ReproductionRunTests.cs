using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>What a reproduction's run says: only a run that failed, with the crash's exception in the crash's function, reproduces it.</summary>
public sealed class ReproductionRunTests
{
    private static readonly ExpectedFailure KeyErrorInMerge = new("KeyError", "merge", "deploy/settings.py");

    private const string Caught = ReproductionRun.Marker + """{"type": "KeyError", "function": "merge", "file": "deploy/settings.py"}""";

    [Fact]
    public void A_failing_run_that_caught_the_crash_reproduces_it() =>
        ReproductionRun.Read(1, "Traceback …\n" + Caught + "\nFAILED (failures=1)\n").Mismatch(KeyErrorInMerge).ShouldBeNull();

    [Fact]
    public void A_run_that_exited_0_reproduces_nothing_whatever_it_printed()
    {
        // The code under test printed a line that looks like the test's own, and returned normally.
        var run = ReproductionRun.Read(0, "config: " + Caught + "\nOK\n");
        run.Passed.ShouldBeFalse();
        run.Mismatch(KeyErrorInMerge).ShouldNotBeNull().ShouldContain("exited 0");
    }

    [Fact]
    public void Another_exception_or_another_function_is_not_the_crash()
    {
        ReproductionRun.Read(1, ReproductionRun.Marker + """{"type": "TypeError", "function": "merge", "file": "deploy/settings.py"}""").Mismatch(KeyErrorInMerge).ShouldNotBeNull();
        ReproductionRun.Read(1, ReproductionRun.Marker + """{"type": "KeyError", "function": "load", "file": "deploy/settings.py"}""").Mismatch(KeyErrorInMerge).ShouldNotBeNull();
    }
}
