namespace BugSage.Core.Analytics;

/// <summary>A project's events in one hour (by event time), environment and release: the rollup behind event series and release comparisons.</summary>
public sealed class EventHour
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }

    /// <summary>The events' environment; empty when they named none.</summary>
    public string Environment { get; set; } = "";

    /// <summary>The events' release; empty when they named none.</summary>
    public string Release { get; set; } = "";
    public long Events { get; set; }

    /// <summary>Events at level error or fatal.</summary>
    public long Errors { get; set; }
}

/// <summary>
/// One user seen in a project's hour, environment and release, with how many of their events: distinct users over
/// any range are counted exactly from these, and the event count lets a deleted issue take its users back out.
/// </summary>
public sealed class UserHour
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";

    /// <summary>The first 8 bytes of the SHA-256 of the event's user key; the key itself stays with the events.</summary>
    public long UserHash { get; set; }
    public long Events { get; set; }
}

/// <summary>
/// A project's issue lifecycle in one hour and release: issues first seen (keyed by their first release),
/// regressions (by the regressing event's release) and resolutions (no release: a person resolves the issue, not a release).
/// </summary>
public sealed class IssueHour
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Release { get; set; } = "";
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}
