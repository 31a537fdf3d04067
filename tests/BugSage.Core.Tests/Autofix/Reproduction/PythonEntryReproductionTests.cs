using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;
using static BugSage.Core.Tests.Autofix.Reproduction.MeterProgram;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// A Python crash whose call chain starts in a script's top-level code (<c>&lt;module&gt;</c>) becomes a
/// unittest test that runs that script again: the way to drive a chain whose values sentry-python could
/// send only as a <c>repr</c> (a generator, an object built over several calls, a default argument's state).
/// </summary>
public sealed class PythonEntryReproductionTests : IDisposable
{
    private readonly MeterProgram program = new();

    public void Dispose() => program.Dispose();

    [Fact]
    public void A_chain_that_starts_in_a_script_runs_that_script_beside_the_repository_tests()
    {
        var built = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, "total / count", ["meter/__init__.py", "meter/stats.py", "bill.py", "tests/test_stats.py"]);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("tests/test_bugsage_reproduction.py");
        test.Command.ShouldBe("python3 -B tests/test_bugsage_reproduction.py");
        test.Code.ShouldContain("ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[os.pardir] * 1))");
        test.Code.ShouldContain("SCRIPT = os.path.join(ROOT, \"bill.py\")");
        test.Code.ShouldContain("            runpy.run_path(SCRIPT, run_name=\"__main__\")\n");
        test.Drives.ShouldBe("the top-level code of bill.py");
    }

    [Fact]
    public void A_frame_that_can_be_called_wins_over_replaying_the_script()
    {
        var callable = Average() with { Vars = new JsonObject { ["values"] = new JsonArray() } };

        var test = ReproductionBuilder.Build("python", [callable, TopLevel()], DividedByZero, null, []).Test.ShouldNotBeNull();

        test.Drives.ShouldBe("average([]) from meter/stats.py");
    }

    [Fact]
    public void A_frame_whose_list_default_was_sent_is_passed_over_for_the_script()
    {
        // The shelf the frame shows may be the default's shared state: a fresh call passing it as an argument proves nothing.
        const string badges = "def award(badge, shelf=[]):\n    if badge in shelf:\n        raise ValueError(badge)\n    shelf.append(badge)\n    return shelf\n";
        var award = new CrashFrame("badges.py", "award", 3, new JsonObject { ["badge"] = "'first-post'", ["shelf"] = new JsonArray("'first-post'") }, badges);

        var built = ReproductionBuilder.Build("python", [award, TopLevel("nightly.py", "from badges import award\nprint(award('first-post'))\n")],
            new ExpectedFailure("ValueError", "award", "badges.py"), null, []);

        built.Test.ShouldNotBeNull(built.Why).Drives.ShouldBe("the top-level code of nightly.py");
        ReproductionBuilder.Build("python", [award], new ExpectedFailure("ValueError", "award", "badges.py"), null, []).Why
            .ShouldBe("no frame of the call chain can be called from a test: shelf of award() defaults to [], one object shared by every call, so its value is state earlier calls left, which a call from a test cannot rebuild");
    }

    [Theory]
    [InlineData("tests/test_bill.py", "tests/test_bill.py is a test file, not the program that crashed")]
    [InlineData("meter/__init__.py", "meter/__init__.py is a package's initialisation, not a program")]
    [InlineData("jobs/bill \"x\".py", "jobs/bill \"x\".py is not a plain path in the repository")]
    [InlineData("../bill.py", "../bill.py is not a plain path in the repository")]
    public void A_script_that_is_not_a_program_in_the_repository_is_not_run_and_the_reason_says_why(string path, string why)
    {
        var built = ReproductionBuilder.Build("python", [Average(), TopLevel(path)], DividedByZero, null, []);

        built.Test.ShouldBeNull();
        built.Why.ShouldNotBeNull().ShouldEndWith("; " + why);
    }

    [NetworkIsolationFact]
    public async Task A_generator_consumed_twice_fails_as_the_crash_did_on_the_release_and_passes_once_the_code_is_fixed()
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", Stats);
        program.Write("bill.py", Bill);

        var baseline = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        baseline.Observed.ShouldBe(new ObservedFailure("ZeroDivisionError", "average", "meter/stats.py"), baseline.Output);
        baseline.Mismatch(DividedByZero).ShouldBeNull();

        File.Delete(Path.Combine(program.Tree, test.Path));
        program.Write("meter/stats.py", Stats.Replace("    total = sum(values)", "    values = list(values)\n    total = sum(values)", StringComparison.Ordinal));
        var fixedRun = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        fixedRun.Passed.ShouldBeTrue(fixedRun.Output);
    }

    [NetworkIsolationFact]
    public async Task A_script_under_a_main_guard_runs_and_one_that_exits_with_a_failure_status_does_not_pass()
    {
        var guarded = Bill.Replace("print(average(", "if __name__ == \"__main__\":\n    print(average(", StringComparison.Ordinal);
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel(source: guarded)], DividedByZero, null, []).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", Stats);
        program.Write("bill.py", guarded);

        var baseline = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        baseline.Mismatch(DividedByZero).ShouldBeNull(baseline.Output);

        File.Delete(Path.Combine(program.Tree, test.Path));
        program.Write("meter/stats.py", Stats.Replace("    return total / count", "    if not count:\n        sys.exit(3)\n    return total / count", StringComparison.Ordinal));
        var exited = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        exited.Passed.ShouldBeFalse(exited.Output);
    }
}
