namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A repair whose behaviour comes from the repository's own code rather than from a guess: the
/// summary says what changes and names the evidence (the line that stores, parses or checks the
/// same thing the way the failing line should).
/// </summary>
public sealed record IntentRepair(string Summary, string Source);
