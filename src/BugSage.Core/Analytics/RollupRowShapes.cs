namespace BugSage.Core.Analytics;

/// <summary>A rollup row of one project's hour: what every reader narrows by project and time.</summary>
public interface IHourRow
{
    long ProjectId { get; }
    DateTime Hour { get; }
}

/// <summary>A rollup row of one project's UTC day, its hours summed or merged.</summary>
public interface IDayRow
{
    long ProjectId { get; }
    DateTime Day { get; }
}

/// <summary>A rollup row kept by release (empty when the events named none).</summary>
public interface IReleaseRow
{
    string Release { get; }
}

/// <summary>A rollup row kept by environment and release.</summary>
public interface IEnvironmentRow : IReleaseRow
{
    string Environment { get; }
}

/// <summary>A rollup row's events and errors: one series reads them from any of the event tables.</summary>
public interface IEventCounts
{
    long Events { get; }
    long Errors { get; }
}

/// <summary>A rollup row's issue lifecycle: one series reads it from any of the lifecycle tables.</summary>
public interface ILifecycleCounts
{
    long NewIssues { get; }
    long Regressions { get; }
    long Resolved { get; }
}
