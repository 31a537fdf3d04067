namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A repair whose behaviour comes from the repository's own code rather than from a guess: the
/// summary says what changes and names the evidence (the line that stores, parses or checks the
/// same thing the way the failing line should).
/// </summary>
public sealed record IntentRepair(string Summary, string Source);

/// <summary>A file of the crash other than the culprit's, with the line of it on the stack (0 when it is only imported).</summary>
public sealed record RelatedSource(string Path, int Line, string Source);

/// <summary>A repair in one of the crash's other files: its path and text before the repair.</summary>
public sealed record RelatedRepair(string Path, string Original, IntentRepair Repair);
