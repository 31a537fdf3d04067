namespace BugSage.Core.Grouping;

/// <summary>The fingerprint of an event: its hash and the values that produced it.</summary>
/// <param name="Variant"><c>custom-fingerprint</c>, <c>fingerprint-rule</c>, <c>stacktrace</c>, <c>exception</c> or <c>message</c>.</param>
/// <param name="Components">The normalized values, in order, that were hashed.</param>
/// <param name="Hint">Why this variant won, for people reading <c>/grouping</c>.</param>
public sealed record GroupingResult(string Hash, string Variant, IReadOnlyList<string> Components, string Hint);
