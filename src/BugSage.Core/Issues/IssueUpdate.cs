namespace BugSage.Core.Issues;

/// <summary>A triage change to one or many issues; null members are left as they are.</summary>
public sealed record IssueUpdate
{
    public string? Status { get; init; }

    /// <summary>With <c>resolved</c>: resolve in the next release.</summary>
    public bool ResolveInNextRelease { get; init; }

    /// <summary>With <c>resolved</c>: resolve in this release.</summary>
    public string? ResolveInRelease { get; init; }

    /// <summary>With <c>ignored</c>: the conditions that wake the issue; none means forever.</summary>
    public IgnoreCondition? Ignore { get; init; }

    /// <summary>True when the update sets the assignee (possibly to nobody).</summary>
    public bool SetsAssignee { get; init; }
    public long? AssigneeId { get; init; }
}

/// <summary>When an ignored issue comes back: after a time, after N more events or users, or when it escalates.</summary>
public sealed record IgnoreCondition(DateTime? Until = null, long? MoreEvents = null, long? MoreUsers = null, bool UntilEscalating = false)
{
    public bool IsForever => Until is null && MoreEvents is null && MoreUsers is null && !UntilEscalating;
}
