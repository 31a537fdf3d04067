namespace BugSage.Core.Analytics;

/// <summary>
/// An issue's events in one UTC day: <c>issue_hourly_counts</c> summed by day, kept by triggers on that table
/// (<see cref="IssueDaySql"/>). Its <c>(project, day, events)</c> index gives each day's busiest issues in order, so top
/// recurring issues read a few rows per day of the range instead of one row per issue and hour.
/// </summary>
public sealed class IssueDay
{
    public long IssueId { get; set; }

    /// <summary>Midnight UTC.</summary>
    public DateTime Day { get; set; }

    /// <summary>The issue's project, copied from the issue when the row is first written.</summary>
    public long ProjectId { get; set; }
    public long Events { get; set; }
}
