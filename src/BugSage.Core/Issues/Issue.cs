namespace BugSage.Core.Issues;

/// <summary>A group of events that share a fingerprint, with its aggregates.</summary>
public sealed class Issue
{
    public long Id { get; set; }
    public long ProjectId { get; set; }

    /// <summary>The per-project number shown as <c>SLUG-n</c>.</summary>
    public long ShortNumber { get; set; }
    public required string Title { get; set; }
    public string? Culprit { get; set; }
    public string Level { get; set; } = "error";
    public string? Platform { get; set; }
    public string Status { get; set; } = IssueStatus.Unresolved;
    public string? Substatus { get; set; } = IssueSubstatus.New;
    public long Count { get; set; }
    public long UserCount { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    public string? FirstRelease { get; set; }
    public string? LastRelease { get; set; }
    public long? AssigneeId { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>
    /// A person's first status change, assignment or comment: kept by a trigger on <c>issue_activities</c> (see
    /// <see cref="Analytics.IssueTimeSql"/>) for time-to-triage analytics; never written by the application.
    /// </summary>
    public DateTime? FirstTriagedAt { get; set; }

    /// <summary>Resolved in this release: only events from it or later reopen the issue.</summary>
    public string? ResolvedInRelease { get; set; }

    /// <summary>Resolved "in the next release": bound to the first release that appears after <see cref="ResolvedAt"/>.</summary>
    public bool ResolvedInNextRelease { get; set; }

    /// <summary>Ignored until this time.</summary>
    public DateTime? IgnoredUntil { get; set; }

    /// <summary>Ignored until the event count reaches this.</summary>
    public long? IgnoredUntilCount { get; set; }

    /// <summary>Ignored until the user count reaches this.</summary>
    public long? IgnoredUntilUserCount { get; set; }
}
