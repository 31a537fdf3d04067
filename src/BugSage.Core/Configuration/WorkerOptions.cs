using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>How queued work (analyses, fix sessions) is held by the node that runs it.</summary>
public sealed class WorkerOptions
{
    public const string Section = "BugSage:Workers";

    /// <summary>
    /// Whether the analysis and fix-session workers, automatic analysis and issue aging run on their own.
    /// Off, queued work waits until something calls them (the test host does, so every test
    /// decides when work runs and each assertion names exactly one outcome).
    /// </summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>
    /// How long a claim lasts without renewal. A running node renews it every third of this;
    /// when a node dies, its work goes back to the queue once the lease runs out.
    /// </summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How many times one item may be claimed before it fails for good with the reason.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
