using BugSage.Core.Events;

namespace BugSage.Server.Issues;

/// <summary>What a search of a project's issues asks for; bound from the query string by the REST API.</summary>
public sealed record IssueSearch(string? Query = null, string? Status = null, string? Sort = null, int? Limit = null, string? Cursor = null);

public sealed record EventSummaryDto(string EventId, DateTime Timestamp, string? Release, string? Environment, string? Message, string Level);

public sealed record GroupingDto(string Hash, string Variant, IReadOnlyList<string> Components, string Hint);

public sealed record TagValueDto(string Value, long Count, double Percentage, DateTime FirstSeen, DateTime LastSeen);

public sealed record TagDto(string Key, long Total, int DistinctValues, IReadOnlyList<TagValueDto> TopValues);

public sealed record BucketDto(DateTime Start, long Count);

public sealed record StatsDto(string Period, IReadOnlyList<BucketDto> Buckets);

public sealed record SimilarDto(long IssueId, string ShortId, string Title, string Status, double Score, string Reason);

public sealed record ActivityDto(long Id, string Kind, string Actor, long? ActorUserId, string? Data, DateTime CreatedAt)
{
    public static ActivityDto From(Core.Issues.IssueActivity a) => new(a.Id, a.Kind, a.Actor, a.ActorUserId, a.Data, a.CreatedAt);
}

public sealed record EventDetailDto(long ProjectId, long IssueId, string? PreviousEventId, string? NextEventId, NormalizedEvent Event);

/// <summary>Someone issues of an organization can be assigned to.</summary>
public sealed record AssignableMember(long UserId, string Email);

/// <summary>A page of a project's issue list with each issue's last 24 hours, as the dashboard shows it.</summary>
public sealed record IssueBoard(IReadOnlyList<IssueRow> Rows, string? NextCursor, bool CanTriage, long OrganizationId, IReadOnlyList<AssignableMember> Members);

/// <summary>Everything an issue's page shows of it, read behind one access check.</summary>
public sealed record IssueOverview(
    IssueInProjectView Found, bool CanTriage, IReadOnlyList<AssignableMember> Members, string? AssigneeEmail, EventDetailDto? Event, string? OldestEventId,
    IReadOnlyList<TagDto> Tags, IReadOnlyList<SimilarDto> Similar, IReadOnlyList<GroupingDto> Grouping, IReadOnlyList<Core.Issues.IssueActivity> Activity);

/// <summary>An issue with its short id, as pages name it.</summary>
public sealed record IssueInProjectView(Core.Issues.Issue Issue, string ShortId, long OrganizationId);
