using BugSage.Core.Events;
using BugSage.Core.Issues;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Projects;

namespace BugSage.Core.Alerts.Firing;

/// <summary>Takes the snapshot a firing keeps: the issue after this batch, the event that fired it, cut to message sizes.</summary>
internal static class NotificationBuilder
{
    private const int MaxFrames = 5;

    public static Notification Build(AlertRule rule, Project project, TriggerCheck.Hit hit, string reason, IssueLinks links, DateTime now)
    {
        var issue = hit.Delta.Issue;
        var e = hit.Event.Event;
        return new Notification(rule.Trigger, reason, now,
            new NotifiedProject(project.Id, project.Slug, project.Name),
            new NotifiedIssue(issue.Id, ShortIds.Format(project.Slug, issue.ShortNumber), e.Title.Truncate(500), e.Culprit?.Truncate(500), e.Level,
                issue.Count + hit.Delta.Count, issue.UserCount + hit.Delta.NewUsers,
                issue.FirstSeen < hit.Delta.FirstSeen ? issue.FirstSeen : hit.Delta.FirstSeen, hit.Delta.LastSeen, links.Issue(issue.Id)),
            Event(e), new NotifiedRule(rule.Id, rule.Name));
    }

    /// <summary>A fix or analysis trigger's snapshot: the issue as stored, its latest event, and the work done.</summary>
    public static Notification ForWork(AlertRule rule, Project project, Issue issue, NormalizedEvent? e, string reason, NotifiedWork work, IssueLinks links, DateTime now) =>
        new(rule.Trigger, reason, now,
            new NotifiedProject(project.Id, project.Slug, project.Name),
            new NotifiedIssue(issue.Id, ShortIds.Format(project.Slug, issue.ShortNumber), issue.Title.Truncate(500), issue.Culprit?.Truncate(500), issue.Level,
                issue.Count, issue.UserCount, issue.FirstSeen, issue.LastSeen, links.Issue(issue.Id)),
            e is null ? null : Event(e), new NotifiedRule(rule.Id, rule.Name), work);

    private static NotifiedEvent Event(NormalizedEvent e) =>
        new(e.EventId, e.Release?.Truncate(250), e.Environment?.Truncate(250), e.Message?.Truncate(1000), Frames(e));

    /// <summary>The innermost frames, the application's own first: what a person reads to place the error.</summary>
    internal static List<string> Frames(NormalizedEvent e)
    {
        var frames = e.MainException?.Stacktrace?.Frames ?? [];
        var newestFirst = Enumerable.Reverse(frames).ToList();
        var chosen = newestFirst.Any(f => f.InApp) ? newestFirst.Where(f => f.InApp) : newestFirst;
        return chosen.Take(MaxFrames)
            .Select(f => $"{f.Function ?? "?"} ({f.Filename ?? f.Module ?? "?"}{(f.Lineno is { } line ? $":{line}" : "")})".Truncate(300))
            .ToList();
    }
}
