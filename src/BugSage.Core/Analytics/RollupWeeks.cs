namespace BugSage.Core.Analytics;

/// <summary>
/// Weekly sums (UTC weeks from Monday) of the rollups that also split by release or by duration bucket: an answer of 90
/// days reads its dozen whole weeks from these and only the few days at either end from the daily rows. Releases
/// compared and medians over an organization of 20 projects grouped a row per project, day and release (or bucket):
/// 36,000 rows. Kept by triggers on the same hours as their days (<see cref="DayRollupSql"/>).
/// </summary>
public interface IWeekRow
{
    long ProjectId { get; }

    /// <summary>Monday 00:00 UTC of the week.</summary>
    DateTime Week { get; }
}

/// <summary>A project's events in one week and release over every environment (<see cref="DayRollupSql.ReleaseEventWeeks"/>).</summary>
public sealed class ReleaseEventWeek : IWeekRow, IReleaseRow
{
    public long ProjectId { get; set; }
    public DateTime Week { get; set; }
    public string Release { get; set; } = "";
    public long Events { get; set; }
    public long Errors { get; set; }
}

/// <summary>A project's new issues, regressions and resolutions in one week and release (<see cref="DayRollupSql.LifecycleWeeks"/>).</summary>
public sealed class IssueLifecycleWeek : IWeekRow, IReleaseRow
{
    public long ProjectId { get; set; }
    public DateTime Week { get; set; }
    public string Release { get; set; } = "";
    public long NewIssues { get; set; }
    public long Regressions { get; set; }
    public long Resolved { get; set; }
}

/// <summary>A week of <see cref="IssueTimeBucket"/> rows summed (<see cref="DayRollupSql.IssueTimeBucketWeeks"/>).</summary>
public sealed class IssueTimeBucketWeek : IWeekRow
{
    public long ProjectId { get; set; }
    public DateTime Week { get; set; }
    public short Kind { get; set; }
    public short Bucket { get; set; }
    public long Issues { get; set; }
}
