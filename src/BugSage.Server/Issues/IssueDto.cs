using BugSage.Core.Issues;

namespace BugSage.Server.Issues;

/// <summary>An issue as the API shows it.</summary>
public sealed record IssueDto(
    long Id, string ShortId, long ProjectId, string Title, string? Culprit, string Level, string Status, string? Substatus,
    long Count, long UserCount, DateTime FirstSeen, DateTime LastSeen, string? Platform, long? Assignee,
    string? FirstRelease, string? LastRelease, string? ResolvedInRelease, bool ResolvedInNextRelease)
{
    public static IssueDto From(Issue i, string projectSlug) => new(
        i.Id, FormatShortId(projectSlug, i.ShortNumber), i.ProjectId, i.Title, i.Culprit, i.Level, i.Status, i.Substatus,
        i.Count, i.UserCount, i.FirstSeen, i.LastSeen, i.Platform, i.AssigneeId, i.FirstRelease, i.LastRelease,
        i.ResolvedInRelease, i.ResolvedInNextRelease);

    public static string FormatShortId(string projectSlug, long number) => ShortIds.Format(projectSlug, number);
}
