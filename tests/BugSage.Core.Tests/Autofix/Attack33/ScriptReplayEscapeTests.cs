using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

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
    private readonly string tree = Directory.CreateTempSubdirectory("attack33-pyentry-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    private const string Meter = """
        import sys


        def readings(lines):
            for line in lines:
                yield float(line)


        def average(values):
            total = sum(values)
            count = sum(1 for _ in values)
            return total / count


        def finish():
            print("nothing to average")
            sys.exit(0)
        """;

    private const string Job = """
        import sys

        from meter.stats import average, readings

        print(average(readings(["1.5", "2.5"])))
        """;

    private static readonly ExpectedFailure DividedByZero = new("ZeroDivisionError", "average", "meter/stats.py");

    private static CrashFrame Average() => new("meter/stats.py", "average", 13, new JsonObject { ["values"] = "<generator object readings at 0x7f0a6968ed40>" }, Meter);

    private static CrashFrame TopLevel() => new("bill.py", "<module>", 5, new JsonObject { ["sys"] = "<module 'sys' (built-in)>" }, Job);

    // Each replaces "    return total / count" in meter/stats.py; none fixes the division, each only ends the script early with status 0.
    [NetworkIsolationTheory]
    [InlineData("argparse --help", "    if not count:\n        import argparse\n        argparse.ArgumentParser().parse_args([\"--help\"])\n    return total / count")]
    [InlineData("sys.exit by another name", "    done = sys.exit\n    if not count:\n        done()\n    return total / count")]
    [InlineData("a function of the repository that already ends with sys.exit(0)", "    if not count:\n        finish()\n    return total / count")]
    public async Task A_patch_that_ends_the_script_with_status_0_must_not_pass_the_reproduction(string why, string replacement)
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        Write("meter/__init__.py", "");
        Write("meter/stats.py", Meter);
        Write("bill.py", Job);

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        baseline.Mismatch(DividedByZero).ShouldBeNull(baseline.Output);

        File.Delete(Path.Combine(tree, test.Path));
        Write("meter/stats.py", Meter.Replace("    return total / count", replacement, StringComparison.Ordinal));
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -10,3 +10,9 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";
        var patched = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        // Either the run must not pass, or the guard must withhold the candidate: the division is still broken.
        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse($"{why}: passed={patched.Passed}, escapes=[{string.Join("; ", ProofEscapes.In(diff))}]\n{patched.Output}");
    }

    /// <summary>The crash moved into a thread: the script returns and the thread's traceback goes to stderr (the frame-call harness had the same hole).</summary>
    [NetworkIsolationFact]
    public async Task A_patch_that_moves_the_crash_into_a_thread_must_not_pass_the_reproduction()
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        Write("meter/__init__.py", "");
        const string replacement = "    import threading\n    worker = threading.Thread(target=lambda: total / count)\n    worker.start()\n    worker.join()\n    return 0";
        Write("meter/stats.py", Meter.Replace("    return total / count", replacement, StringComparison.Ordinal));
        Write("bill.py", Job);
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -10,3 +10,7 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";

        var patched = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        patched.Output.ShouldContain("ZeroDivisionError");
        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse(patched.Output);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
