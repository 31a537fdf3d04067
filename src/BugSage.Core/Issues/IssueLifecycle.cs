namespace BugSage.Core.Issues;

/// <summary>
/// The rules that move an issue without a person: a resolved issue regresses on an event that
/// proves the fix did not hold; an ignored issue wakes up when its condition is met.
/// </summary>
public static class IssueLifecycle
{
    /// <summary>
    /// Whether an event reopens a resolved issue. Resolved in a release: only events from that
    /// release or a later one (older releases still run the bug). Resolved in the next release:
    /// only events from a release first seen after the resolution. Resolved now: any later event.
    /// </summary>
    /// <param name="firstSeen">When each release was first seen in the project, for ordering non-semantic versions.</param>
    public static bool Reopens(Issue issue, DateTime eventTime, string? eventRelease, Func<string, DateTime> firstSeen)
    {
        if (issue.Status != IssueStatus.Resolved) return false;
        if (issue.ResolvedInRelease is { } resolvedIn && eventRelease is not null)
            return ReleaseOrder.Compare(eventRelease, firstSeen(eventRelease), resolvedIn, firstSeen(resolvedIn)) >= 0;
        if (issue.ResolvedInNextRelease)
            return eventRelease is not null && issue.ResolvedAt is { } at && firstSeen(eventRelease) > at;
        return issue.ResolvedAt is null || eventTime > issue.ResolvedAt;
    }

    /// <summary>Whether an ignored issue's condition is met, given its counts after the new events.</summary>
    public static bool Wakes(Issue issue, long count, long userCount, DateTime now) =>
        issue.Status == IssueStatus.Ignored
        && issue.Substatus != IssueSubstatus.ArchivedForever
        && ((issue.IgnoredUntil is { } until && now >= until)
            || (issue.IgnoredUntilCount is { } n && count >= n)
            || (issue.IgnoredUntilUserCount is { } u && userCount >= u));
}
