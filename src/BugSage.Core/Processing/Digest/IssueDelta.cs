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
    public List<PreparedEvent> Events { get; } = [];

    /// <summary>Set when an event of the batch reopens the resolved issue: the event that did.</summary>
    public PreparedEvent? RegressedBy { get; set; }

    /// <summary>Set when the batch meets the ignored issue's wake-up condition.</summary>
    public bool Woke { get; set; }

    public void Add(PreparedEvent prepared)
    {
        var evt = prepared.Event;
        Events.Add(prepared);
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
    }
}
