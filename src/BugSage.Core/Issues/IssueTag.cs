namespace BugSage.Core.Issues;

/// <summary>How often one tag value was seen on an issue.</summary>
public sealed class IssueTag
{
    public long IssueId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
    public long Count { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
}
