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
