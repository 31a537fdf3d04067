using BugSage.Core.Projects;

namespace BugSage.Core.Issues;

/// <summary>
/// The one way an issue comes into being, for the digest's grouping and for unmerging alike: it
/// takes its project's next short number, so that no second path can reuse or skip one.
/// </summary>
public static class IssueFactory
{
    /// <summary>A new issue of <paramref name="project"/>, empty: its counters are applied (or rebuilt) like any other issue's.</summary>
    public static Issue Open(Project project, string title, string? culprit, string level, string? platform, DateTime firstSeen, DateTime lastSeen, string? release) => new()
    {
        ProjectId = project.Id,
        ShortNumber = project.NextIssueNumber++,
        Title = title,
        Culprit = culprit,
        Level = level,
        Platform = platform,
        FirstSeen = firstSeen,
        LastSeen = lastSeen,
        FirstRelease = release,
        LastRelease = release,
    };
}
