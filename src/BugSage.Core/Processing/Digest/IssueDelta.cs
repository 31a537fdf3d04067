using BugSage.Core.Issues;

namespace BugSage.Core.Processing.Digest;

/// <summary>What one batch adds to one issue, applied as increments so concurrent writers never lose counts.</summary>
internal sealed class IssueDelta(Issue issue)
{
    public Issue Issue { get; } = issue;
    public long Count { get; set; }
    public long NewUsers { get; set; }
    public DateTime FirstSeen { get; set; } = DateTime.MaxValue;
    public DateTime LastSeen { get; set; } = DateTime.MinValue;
    public PreparedEvent? Latest { get; set; }
    public string? FirstRelease { get; set; }
    public bool Regressed { get; set; }

    public void Add(PreparedEvent prepared)
    {
        var evt = prepared.Event;
        Count++;
        if (evt.Timestamp < FirstSeen)
        {
            FirstSeen = evt.Timestamp;
            FirstRelease = evt.Release ?? FirstRelease;
        }
        if (evt.Timestamp >= LastSeen)
        {
            LastSeen = evt.Timestamp;
            Latest = prepared;
        }
        // Only an event that happened after the resolution proves the fix did not hold.
        if (Issue.Status == IssueStatus.Resolved && (Issue.ResolvedAt is null || evt.Timestamp > Issue.ResolvedAt))
            Regressed = true;
    }
}
