namespace BugSage.Core.Analytics;

/// <summary>
/// An issue's events in one UTC week from Monday: its <see cref="IssueDay"/> rows of that week summed, kept by the same
/// triggers (<see cref="IssueDaySql"/>). Top recurring issues list each whole week's busiest issues from its
/// <c>(project, week, events)</c> and <c>(organization, week, events)</c> indexes, and only the days outside whole weeks from
/// the day rows: 90 days are about 20 lists instead of 91, and their candidates a quarter as many.
/// </summary>
public sealed class IssueWeek
{
    public long IssueId { get; set; }

    /// <summary>Monday 00:00 UTC.</summary>
    public DateTime Week { get; set; }

    /// <summary>The issue's project, copied from the issue when the row is first written.</summary>
    public long ProjectId { get; set; }

    /// <summary>The project's organization, copied with the project (a project never changes organization).</summary>
    public long OrganizationId { get; set; }
    public long Events { get; set; }
}
