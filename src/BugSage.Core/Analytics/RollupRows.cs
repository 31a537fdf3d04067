namespace BugSage.Core.Analytics;

/// <summary>A project's events in one hour (by event time), environment and release: the rollup behind event series and release comparisons.</summary>
public sealed class EventHour : IHourRow, IEnvironmentRow, IEventCounts
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

/// <summary>A project's events in one UTC day, environment and release: its hours summed, kept by triggers (<see cref="DayRollupSql"/>).</summary>
public sealed class EventDay : IDayRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public long Events { get; set; }
    public long Errors { get; set; }
}

/// <summary>
/// A project's events in one UTC day and release over every environment: its <see cref="EventHour"/> rows summed, kept by
/// triggers (<see cref="DayRollupSql.ReleaseEventDays"/>), for releases compared when no environment is named.
/// </summary>
public sealed class ReleaseEventDay : IDayRow, IReleaseRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Release { get; set; } = "";
    public long Events { get; set; }
    public long Errors { get; set; }
}

/// <summary>
/// A project's events in one hour over every environment and release: its <see cref="EventHour"/> rows summed, kept by
/// triggers (<see cref="DayRollupSql.ProjectEventHours"/>), for hourly series that name no environment or release.
/// </summary>
public sealed class ProjectEventHour : IHourRow, IEventCounts
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public long Events { get; set; }
    public long Errors { get; set; }
}

/// <summary>
/// A project's events in one UTC day over every environment and release: its <see cref="ProjectEventHour"/> rows summed,
/// kept by triggers (<see cref="DayRollupSql.ProjectEventDays"/>), for daily and weekly series that name neither.
/// </summary>
public sealed class ProjectEventDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public long Events { get; set; }
    public long Errors { get; set; }
}

/// <summary>
/// The users seen in a project's hour, environment and release, as a <see cref="UserSketch"/>: bounded at 4 KiB
/// however many users came, so 90 days are at most 2,160 sketches per environment and release to merge.
/// </summary>
public sealed class UserSketchHour : IHourRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";

    /// <summary><see cref="UserSketch.ToBytes"/>: hashes of user keys only, never the keys.</summary>
    public byte[] Sketch { get; set; } = [];
}

/// <summary>A day's hourly user sketches merged (UTC days), so a 90-day series reads 90 sketches per environment and release.</summary>
public sealed class UserSketchDay : IDayRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public byte[] Sketch { get; set; } = [];
}

/// <summary>
/// A project's hourly user sketches over every environment and release merged (<see cref="UserSketchStore"/> keeps them
/// with the hours), so a 31-day hourly series merges 744 sketches rather than one per hour, environment and release.
/// </summary>
public sealed class ProjectUserSketchHour : IHourRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public byte[] Sketch { get; set; } = [];
}

/// <summary>
/// A project's daily user sketches over every environment and release merged, so a 90-day series of a whole project merges
/// 90 sketches rather than one per day, environment and release (600 over 30 days in the analytics benchmark).
/// </summary>
public sealed class ProjectUserSketchDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public byte[] Sketch { get; set; } = [];
}

/// <summary>
/// One environment's hourly user sketches over every release merged, so a 31-day hourly series of one environment merges
/// 744 sketches rather than one per hour and release (about 14,000 in the analytics benchmark).
/// </summary>
public sealed class EnvironmentUserSketchHour : IHourRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Environment { get; set; } = "";
    public byte[] Sketch { get; set; } = [];
}

/// <summary>
/// One environment's daily user sketches over every release merged, so a 90-day series of one environment merges 90
/// sketches rather than one per day and release (1,780 over 90 days in the analytics benchmark).
/// </summary>
public sealed class EnvironmentUserSketchDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Environment { get; set; } = "";
    public byte[] Sketch { get; set; } = [];
}

/// <summary>
/// A project's issue lifecycle in one hour and release: issues first seen (keyed by their first release),
/// regressions (by the regressing event's release) and resolutions (no release: a person resolves the issue, not a release).
/// </summary>
public sealed class IssueHour : IHourRow, IReleaseRow, ILifecycleCounts
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Release { get; set; } = "";
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}

/// <summary>A project's issue lifecycle in one hour over every release: its <see cref="IssueHour"/> rows summed, kept by triggers (<see cref="DayRollupSql.ProjectIssueHours"/>).</summary>
public sealed class ProjectIssueHour : IHourRow, ILifecycleCounts
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}

/// <summary>
/// A project's issue lifecycle in one UTC day over every release: its <see cref="ProjectIssueHour"/> rows summed, kept by
/// triggers (<see cref="DayRollupSql.ProjectLifecycleDays"/>).
/// </summary>
public sealed class ProjectLifecycleDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}

/// <summary>A project's issue lifecycle in one UTC day and release: its <see cref="IssueHour"/> rows summed, kept by triggers (<see cref="DayRollupSql"/>).</summary>
public sealed class IssueLifecycleDay : IDayRow, IReleaseRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Release { get; set; } = "";
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}
