namespace BugSage.Core.Analytics;

/// <summary>
/// An issue's events in one UTC day: <c>issue_hourly_counts</c> summed by day, kept by triggers on that table
/// (<see cref="IssueDaySql"/>). Its <c>(project, day, events)</c> index gives each day's busiest issues in order, so top
/// recurring issues read a few rows per day of the range instead of one row per issue and hour. Its
/// <c>(organization, day, events)</c> index does the same for a whole organization: a day's busiest issues of all its
/// projects in one read, not one per project.
/// </summary>
public sealed class IssueDay
{
    public long IssueId { get; set; }

    /// <summary>Midnight UTC.</summary>
    public DateTime Day { get; set; }

    /// <summary>The issue's project, copied from the issue when the row is first written.</summary>
    public long ProjectId { get; set; }

    /// <summary>The project's organization, copied with the project (a project never changes organization).</summary>
    public long OrganizationId { get; set; }
    public long Events { get; set; }
}
