namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// What a test command's output says about its tests, as the runners name them. <see cref="Unnamed"/>
/// holds the failures that name no test (a module that did not import, a class fixture, a test file
/// that crashed, a build error, a run that aborted, or a summary counting more failures than are named):
/// a failure made of those says nothing about what the code under test should give.
/// </summary>
public sealed record TestReport(IReadOnlyList<string> Failed, IReadOnlyList<string> Passed, IReadOnlyList<string> Unnamed)
{
    public static TestReport Empty { get; } = new([], [], []);

    /// <summary>The failure is made of named failing tests: at least one, and nothing failed without naming a test.</summary>
    public bool FailureNamed => Failed.Count > 0 && Unnamed.Count == 0;

    /// <summary>
    /// The tests that failed here and pass in <paramref name="after"/>: not failing there and, when the
    /// runner names passing tests at all, named as passing (a test that did not run has not passed).
    /// </summary>
    public IReadOnlyList<string> FixedBy(TestReport after) =>
        [.. Failed.Where(t => !after.Failed.Contains(t) && (after.Passed.Count == 0 || after.Passed.Contains(t)))];

    /// <summary>The tests that fail in <paramref name="after"/> and were not failing here.</summary>
    public IReadOnlyList<string> BrokenBy(TestReport after) => [.. after.Failed.Except(Failed)];
}
