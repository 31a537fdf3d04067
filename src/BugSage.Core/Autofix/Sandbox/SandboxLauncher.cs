using System.Collections.Concurrent;
using System.Diagnostics;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the server. bwrap's
/// <c>--die-with-parent</c> is the kernel's parent-death signal, which fires when the
/// <em>thread</em> that forked it exits: started from a thread-pool thread, bwrap would be killed
/// when the pool retires that thread (about 20 s idle), in the middle of a build.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Queue = [];

    static SandboxLauncher() =>
        // A background thread: it ends with the server, and with it every sandbox.
        new Thread(Launch) { IsBackground = true, Name = "sandbox launcher" }.Start();

    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((start, started));
        return started.Task;
    }

    private static void Launch()
    {
        foreach (var (start, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("the sandbox did not start"));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
