namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>Which stored events of a project a run maps again: an issue's, a release's, or both; the newest first.</summary>
/// <param name="BeforeId">Only events stored before this one (a previous run's <see cref="ReprocessOutcome.NextBefore"/>).</param>
/// <param name="OnlyUnmapped">Only events with script frames not mapped yet: what a new upload can change.</param>
public sealed record ReprocessSelection(long ProjectId, long? IssueId = null, string? Release = null, long? BeforeId = null, bool OnlyUnmapped = false);

/// <summary>What a run did: events looked at, rewritten, moved to another issue, and those that failed (with why).</summary>
/// <param name="NextBefore">Where a next run goes on when older events were left out, or null when none were.</param>
/// <param name="MergedInto">Issues whose events all moved, merged into the issue they went to.</param>
public sealed record ReprocessOutcome(int Examined, int Changed, int Moved, int Failed, long? NextBefore, IReadOnlyList<string> Failures,
    IReadOnlyDictionary<long, long> MergedInto)
{
    /// <summary>Where an issue's events are after the run: the issue itself unless it was merged.</summary>
    public long IssueAfter(long issueId)
    {
        while (MergedInto.TryGetValue(issueId, out var next)) issueId = next;
        return issueId;
    }
}
