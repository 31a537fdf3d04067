namespace BugSage.Core.Autofix.Sandbox;

/// <summary>How much a sandboxed command may use.</summary>
public sealed record SandboxLimits(TimeSpan Timeout, long MemoryBytes, int CpuSeconds)
{
    public static SandboxLimits Default { get; } = new(TimeSpan.FromMinutes(5), 8L << 30, 600);

    /// <summary>Processes and threads at once; a build needs a few hundred threads, a fork bomb finds the ceiling.</summary>
    public int Processes { get; init; } = 512;

    /// <summary>Bytes of output read before the command is stopped: a test run that prints more is broken or hostile.</summary>
    public long OutputBytes { get; init; } = 4L << 20;
}

/// <summary>
/// What a sandboxed command did. <see cref="NetworkIsolated"/> is true whenever it ran (it only
/// ever runs inside the sandbox); <see cref="Refused"/> says why it did not run at all.
/// </summary>
public sealed record CommandResult(int ExitCode, string Output, bool TimedOut, bool NetworkIsolated)
{
    /// <summary>Stopped because it printed more than <see cref="SandboxLimits.OutputBytes"/>.</summary>
    public bool OutputCut { get; init; }

    public string? Refused { get; init; }
}
