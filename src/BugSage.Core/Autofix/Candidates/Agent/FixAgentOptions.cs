using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Autofix.Candidates.Agent;

/// <summary>
/// The bounds of a model's fix step (<see cref="FixAgent"/>), bound from <c>BugSage:Autofix:Model</c>: it stops at
/// whichever comes first, and keeps the candidates it proposed until then.
/// </summary>
public sealed class FixAgentOptions
{
    public const string Section = "BugSage:Autofix:Model";

    /// <summary>Model calls per model: each answer with tool calls is one step.</summary>
    [Range(1, 100)]
    public int MaxSteps { get; set; } = 16;

    /// <summary>Tool calls run from one model answer; further calls in the same answer are answered "not run".</summary>
    [Range(1, 64)]
    public int MaxToolCallsPerStep { get; set; } = 8;

    /// <summary>Input and output tokens over all of the step's calls.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxTokens { get; set; } = 300_000;

    /// <summary>Wall-clock time for the whole step, sandbox runs included.</summary>
    [Range(10, 7_200)]
    public int MaxSeconds { get; set; } = 900;

    /// <summary>What the step may spend, at the model's configured prices; 0 for no limit (a local model costs nothing).</summary>
    [Range(0, 10_000)]
    public decimal MaxCost { get; set; } = 2m;

    /// <summary>How many times the model may have a candidate built and tested in the sandbox (each is a restore, a build and the tests).</summary>
    [Range(0, 20)]
    public int MaxSandboxRuns { get; set; } = 4;

    /// <summary>How many candidates it may propose.</summary>
    [Range(1, 10)]
    public int MaxCandidates { get; set; } = 3;
}
