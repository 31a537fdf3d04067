using BugSage.Core.Analytics;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// A batch's share of the analytics rollups, summed before the issue counters move (the deltas still hold each
/// issue as it was): its events and users, the issues it opens, regressions, and an issue's first sighting moved
/// earlier by a late event (taken from its old hour and release, added to the new ones, as the issue row changes).
/// </summary>
internal static class RollupStep
{
    public static RollupChanges Sum(DigestBatch batch, IReadOnlyCollection<IssueDelta> deltas, DateTime now)
    {
        var changes = new RollupChanges();
        foreach (var prepared in batch.Events)
        {
            var e = prepared.Event;
            changes.AddEvent(prepared.ProjectId, e.Timestamp, e.Environment, e.Release, e.Level, e.User?.Key);
        }
        foreach (var (projectId, s) in batch.Sessions)
            changes.AddSessions(projectId, s.Started, s.Environment, s.Release, (s.Sessions, s.Crashed, s.Abnormal, s.Errored), s.DistinctId, s.UserCrashed);
        var opened = batch.NewIssues.ToHashSet();
        foreach (var delta in deltas)
        {
            var issue = delta.Issue;
            // As IssueWriter moves the row: the earlier first sighting wins, a first release once set stays.
            var firstSeen = delta.FirstSeen < issue.FirstSeen ? delta.FirstSeen : issue.FirstSeen;
            var firstRelease = issue.FirstRelease ?? delta.FirstRelease;
            if (opened.Contains(issue))
                changes.AddNewIssue(issue.ProjectId, firstSeen, firstRelease);
            else if (RollupChanges.HourOf(firstSeen) != RollupChanges.HourOf(issue.FirstSeen) || firstRelease != issue.FirstRelease)
            {
                changes.AddNewIssue(issue.ProjectId, issue.FirstSeen, issue.FirstRelease, -1);
                changes.AddNewIssue(issue.ProjectId, firstSeen, firstRelease);
            }
            if (delta.RegressedBy is { } by) changes.AddRegression(issue.ProjectId, now, by.Event.Release);
        }
        return changes;
    }
}
