namespace BugSage.Core.Issues;

/// <summary>Events of an issue in one hour: the data behind sparklines, histograms and escalation.</summary>
public sealed class IssueHourlyCount
{
    public long IssueId { get; set; }

    /// <summary>The start of the hour, UTC.</summary>
    public DateTime Hour { get; set; }
    public long Count { get; set; }
}
