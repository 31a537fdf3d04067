namespace BugSage.Core.Autofix.Sandbox;

/// <summary>A runner's own count of its run, from its summary line(s): what it says ran, passed, failed and was skipped.</summary>
public sealed record RunnerSummary(string Runner, int Total, int Passed, int Failed, int Skipped)
{
    public RunnerSummary Plus(RunnerSummary other) =>
        new(Runner, Total + other.Total, Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped);
}

/// <summary>
/// What a test command's output says about its tests, as the runners name them. <see cref="Unnamed"/>
/// holds the failures that name no test (a module that did not import, a class fixture, a test file
/// that crashed, a build error, a run that aborted, or a summary counting more failures than are named):
/// a failure made of those says nothing about what the code under test should give.
/// </summary>
public sealed record TestReport(IReadOnlyList<string> Failed, IReadOnlyList<string> Passed, IReadOnlyList<string> Unnamed)
{
    public static TestReport Empty { get; } = new([], [], []);

    /// <summary>Which runner named each failing, passing or skipped test (the first one to, when two read the same line).</summary>
    public IReadOnlyDictionary<string, string> NamedBy { get; init; } = new Dictionary<string, string>();

    /// <summary>The tests the runner named as skipped (or todo, or expected to fail): they did not run to a verdict.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Each runner's summary, summed over its summary lines; a runner that printed none is absent.</summary>
    public IReadOnlyList<RunnerSummary> Summaries { get; init; } = [];

    public RunnerSummary? SummaryOf(string runner) => Summaries.FirstOrDefault(s => s.Runner == runner);

    /// <summary>
    /// The failure is made of named failing tests: at least one, nothing failed without naming a test, and the runner
    /// that named them printed its summary (a run killed on timeout or cut short names what it reached and never sums it up).
    /// </summary>
    public bool FailureNamed => Failed.Count > 0 && Unnamed.Count == 0 && Failed.All(t => NamedBy.TryGetValue(t, out var runner) && SummaryOf(runner) is not null);

    /// <summary>
    /// Whether the runner's summary agrees with what it named: as many passing tests named as it counts passed.
    /// A line the code under test printed that only looks like a pass makes them disagree, and so does a run
    /// whose runner names no passing tests at all (unittest or pytest without verbose output).
    /// </summary>
    public bool Agrees(string runner) =>
        SummaryOf(runner) is { } summary && summary.Passed == Passed.Count(t => NamedBy.TryGetValue(t, out var r) && r == runner);

    /// <summary>
    /// The tests that failed here and that <paramref name="after"/>'s run proves pass: the same runner names each as passing
    /// (not failing, not skipped), printed its summary, its summary agrees with the passing tests it named, and it counts
    /// no fewer tests than here. A process that exits 0 early, a skipped test, or a printed line that only looks
    /// like a pass flips nothing.
    /// </summary>
    public IReadOnlyList<string> FixedBy(TestReport after) =>
        [.. Failed.Where(t => NamedBy.TryGetValue(t, out var runner) && SummaryOf(runner) is { } before
            && after.Passed.Contains(t) && !after.Failed.Contains(t) && !after.Skipped.Contains(t)
            && after.NamedBy.TryGetValue(t, out var same) && same == runner
            && after.SummaryOf(runner) is { } summary && summary.Total >= before.Total && after.Agrees(runner))];

    /// <summary>The tests that fail in <paramref name="after"/> and were not failing here.</summary>
    public IReadOnlyList<string> BrokenBy(TestReport after) => [.. after.Failed.Except(Failed)];
}
