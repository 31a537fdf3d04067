using System.Diagnostics;
using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Tests.Autofix.Reproduction;
using BugSage.Tests.Infrastructure;
using static BugSage.Core.Tests.Autofix.Reproduction.MeterProgram;

namespace BugSage.Core.Tests.Autofix.Attack33b;

/// <summary>
/// A second outside review (session 33) of the Python harnesses' thread guard. Each escape case replaces
/// "    return total / count" with code that leaves the division broken in a thread, a raw thread, a finaliser, or behind
/// the guard's hook put back, and asserts the run does not pass unless <see cref="ProofEscapes"/> flags the diff; two
/// correct fixes (a module with a thread pool, idle daemon workers) must pass, quickly. All failed before the fix (the
/// harness now ends threads as the interpreter's exit does and watches both hooks). What the harness still cannot see is
/// in docs/autofix.md ("Reproduction"): a child process, a daemon thread that fails after the run, and patched code
/// that rewrites the harness's own objects in its process.
/// </summary>
public sealed class HarnessEscapeTests : IDisposable
{
    private readonly MeterProgram program = new();

    public void Dispose() => program.Dispose();

    public static TheoryData<string, string> Escapes => new()
    {
        // The thread guard is a hook the patched code can put back.
        { "threading.excepthook put back", "    import threading\n    threading.excepthook = threading.__excepthook__\n    worker = threading.Thread(target=lambda: total / count)\n    worker.start()\n    worker.join()\n    return 0" },
        // A raw thread never reaches threading.excepthook (it goes to sys.unraisablehook) and threading.enumerate() does not list it.
        { "_thread.start_new_thread", "    import _thread, time\n    _thread.start_new_thread(lambda: total / count, ())\n    time.sleep(0.3)\n    return 0" },
        // An exception in __del__ is 'ignored' by Python (sys.unraisablehook).
        { "__del__", "    class Late:\n        def __del__(self):\n            total / count\n    Late()\n    return 0" },
        // A thread started by another after the main block began waiting is waited for too.
        { "thread started after the join snapshot", "    import threading, time\n    def later():\n        time.sleep(0.5)\n        total / count\n    def starter():\n        time.sleep(0.2)\n        threading.Thread(target=later).start()\n    threading.Thread(target=starter).start()\n    return 0" },
    };

    [NetworkIsolationTheory]
    [MemberData(nameof(Escapes))]
    public async Task A_patch_that_leaves_the_division_broken_must_not_pass_the_script_replay(string why, string replacement)
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", Stats.Replace("    return total / count", replacement, StringComparison.Ordinal));
        program.Write("bill.py", Bill);
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -10,3 +10,9 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";

        var patched = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse($"{why}: passed={patched.Passed}, escapes=[{string.Join("; ", ProofEscapes.In(diff))}]\n{patched.Output}");
    }

    /// <summary>The frame-call harness (PythonReproduction) shares ThreadGuard and MainBlock: the same hook put back must not pass it.</summary>
    [NetworkIsolationFact]
    public async Task The_frame_call_harness_fails_when_the_hook_is_put_back()
    {
        const string source = "def average(total, count):\n    return total / count\n";
        var frame = new CrashFrame("meter/stats.py", "average", 2, new JsonObject { ["total"] = "4.0", ["count"] = "0" }, source);
        var test = PythonReproduction.From(frame, DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        const string replacement = "    import threading\n    threading.excepthook = threading.__excepthook__\n    worker = threading.Thread(target=lambda: total / count)\n    worker.start()\n    worker.join()\n    return 0";
        program.Write("meter/stats.py", source.Replace("    return total / count", replacement, StringComparison.Ordinal));
        var diff = "--- a/meter/stats.py\n+++ b/meter/stats.py\n@@ -1,2 +1,6 @@\n" + string.Join('\n', replacement.Split('\n').Select(l => "+" + l)) + "\n";

        var patched = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        (patched.Passed && ProofEscapes.In(diff).Count == 0).ShouldBeFalse(patched.Output);
    }

    /// <summary>
    /// A correct fix in a module that keeps a ThreadPoolExecutor (never shut down, as is common): `python3 bill.py` exits at once
    /// (the executor's exit callback stops its workers), and so must the harness, not wait for the workers until the sandbox's
    /// limit. A 60 s limit here stands in for the 5 min default.
    /// </summary>
    [NetworkIsolationFact]
    public async Task A_correct_fix_in_a_module_with_a_thread_pool_must_pass()
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", Stats.Replace("    return total / count", "    return total / count if count else 0.0", StringComparison.Ordinal)
            + "\n\nfrom concurrent.futures import ThreadPoolExecutor\nPOOL = ThreadPoolExecutor(max_workers=2)\nPOOL.submit(print, 'warm').result()\n");
        program.Write("bill.py", Bill);

        var clock = Stopwatch.StartNew();
        var run = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(60) }, SandboxAccess.None, CancellationToken.None);

        run.Passed.ShouldBeTrue($"after {clock.Elapsed.TotalSeconds:F0} s, exit {run.ExitCode}\n{run.Output}");
    }

    /// <summary>Idle daemon workers are not waited for, as plain `python3 bill.py` does not wait for them.</summary>
    [NetworkIsolationFact]
    public async Task Idle_daemon_workers_must_not_cost_five_seconds_each()
    {
        var test = ReproductionBuilder.Build("python", [Average(), TopLevel()], DividedByZero, null, ["tests/test_stats.py"]).Test!;
        program.Write("meter/__init__.py", "");
        program.Write("meter/stats.py", Stats.Replace("    return total / count", "    return total / count if count else 0.0", StringComparison.Ordinal));
        program.Write("bill.py", "import queue, threading\n\nfrom meter.stats import average, readings\n\nJOBS = queue.Queue()\n\n\ndef work():\n    while True:\n        JOBS.get()()\n\n\nfor _ in range(4):\n    threading.Thread(target=work, daemon=True).start()\nprint(average(readings([\"1.5\", \"2.5\"])))\n");

        var clock = Stopwatch.StartNew();
        var run = await ValidationSandbox.RunReproductionAsync(program.Tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        clock.Stop();

        run.Passed.ShouldBeTrue(run.Output);
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(10, "four idle daemon workers");
    }
}
