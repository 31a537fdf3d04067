using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Tests.Autofix.Reproduction;
using BugSage.Tests.Infrastructure;
using static BugSage.Core.Tests.Autofix.Reproduction.MeterProgram;

namespace BugSage.Core.Tests.Autofix.Attack33;

/// <summary>
/// An outside review (session 33) of the script replay: it counted a SystemExit with status 0 or none as a pass, and a
/// candidate can raise one without any text <see cref="ProofEscapes"/> flags (argparse's --help, sys.exit under another
/// name, a helper of the repository that exits), so a patch that only ended the script before the crash read as "the
/// reproduction passes". A crash moved into a thread passed both Python harnesses. Each test failed before the fix:
/// now any SystemExit fails the run, and so does an exception that ends a thread.
/// </summary>
public sealed class ScriptReplayEscapeTests : IDisposable
{
    private readonly MeterProgram program = new();

    public void Dispose() => program.Dispose();

    // A helper of the repository that ends the process: a patch can call it without naming an exit.
    private const string StatsWithExit = Stats + "\n\ndef finish():\n    print(\"nothing to average\")\n    sys.exit(0)\n";

    // Each replaces "    return total / count" in meter/stats.py; none fixes the division, each only ends the script early with status 0.
    [NetworkIsolationTheory]
    [InlineData("argparse --help", "    if not count:\n        import argparse\n        argparse.ArgumentParser().parse_args([\"--help\"])\n    return total / count")]
    [InlineData("sys.exit by another name", "    done = sys.exit\n    if not count:\n        done()\n    return total / count")]
    [InlineData("a function of the repository that already ends with sys.exit(0)", "    if not count:\n        finish()\n    return total / count")]
    public async Task A_patch_that_ends_the_script_with_status_0_must_not_pass_the_reproduction(string why, string replacement)
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", StatsWithExit);
        program.Write("bill.py", Bill);

        var baseline = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        baseline.Mismatch(DividedByZero).ShouldBeNull(baseline.Output);

        File.Delete(Path.Combine(program.Tree, test.Path));
        program.Write("meter/stats.py", StatsWithExit.Replace("    return total / count", replacement, StringComparison.Ordinal));
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -10,3 +10,9 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";
        var patched = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        // Either the run must not pass, or the guard must withhold the candidate: the division is still broken.
        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse($"{why}: passed={patched.Passed}, escapes=[{string.Join("; ", ProofEscapes.In(diff))}]\n{patched.Output}");
    }

    /// <summary>The crash moved into a thread: the script returns and the thread's traceback goes to stderr (the frame-call harness had the same hole).</summary>
    [NetworkIsolationFact]
    public async Task A_patch_that_moves_the_crash_into_a_thread_must_not_pass_the_reproduction()
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        const string replacement = "    import threading\n    worker = threading.Thread(target=lambda: total / count)\n    worker.start()\n    worker.join()\n    return 0";
        program.Write("meter/stats.py", StatsWithExit.Replace("    return total / count", replacement, StringComparison.Ordinal));
        program.Write("bill.py", Bill);
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -10,3 +10,7 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";

        var patched = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        patched.Output.ShouldContain("ZeroDivisionError");
        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse(patched.Output);
    }
}
