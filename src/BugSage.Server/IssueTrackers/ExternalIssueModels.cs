using System.ComponentModel.DataAnnotations;
using BugSage.Core.IssueTrackers;

namespace BugSage.Server.IssueTrackers;

/// <summary>
/// Create a tracker issue from a BugSage issue (<c>key</c> absent), or link one that exists
/// (<c>key</c>: a GitHub issue number, a Jira issue key).
/// </summary>
public sealed record ExternalIssueInput(long? IntegrationId = null, [MaxLength(100)] string? Key = null);

/// <param name="State"><c>open</c> or <c>closed</c>, as BugSage last knew or asked for it.</param>
public sealed record ExternalIssueDto(long Id, long IssueId, long IntegrationId, string Provider, string Key, string Url, string? Title, string State,
    DateTime? LastSyncedAt, DateTime CreatedAt, string CreatedBy)
{
    public static ExternalIssueDto From(ExternalIssue l) =>
        new(l.Id, l.IssueId, l.IntegrationId, l.Provider, l.ExternalKey, l.Url, l.Title, l.State, l.LastSyncedAt, l.CreatedAt, l.CreatedBy);
}

/// <summary>A tracker integration an issue can be linked through, for forms.</summary>
public sealed record TrackerChoice(long IntegrationId, string Kind, string Name, string Where);

/// <summary>What the issue page shows: the links, the trackers of the project, and whether the reader may change them.</summary>
public sealed record ExternalIssuesView(IReadOnlyList<ExternalIssueDto> Links, IReadOnlyList<TrackerChoice> Trackers, bool CanEdit);
