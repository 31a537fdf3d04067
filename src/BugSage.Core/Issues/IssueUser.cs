namespace BugSage.Core.Issues;

/// <summary>One distinct affected user of an issue, for the user count.</summary>
public sealed class IssueUser
{
    public long IssueId { get; set; }
    public required string UserKey { get; set; }
}
