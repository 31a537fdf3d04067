namespace BugSage.Core.IssueTrackers;

/// <summary>
/// A BugSage issue linked to an issue of a tracker (a GitHub issue, a Jira issue): one per issue
/// and tracker integration. <see cref="State"/> is the state BugSage last knew or asked for, so a
/// change that came from the tracker is not sent back to it.
/// </summary>
public sealed class ExternalIssue
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public long ProjectId { get; set; }
    public long IntegrationId { get; set; }

    /// <summary>The integration's kind: <c>github</c> or <c>jira</c>.</summary>
    public required string Provider { get; set; }

    /// <summary>The GitHub issue number (as text) or the Jira issue key (<c>OPS-12</c>).</summary>
    public required string ExternalKey { get; set; }
    public required string Url { get; set; }
    public string? Title { get; set; }

    /// <summary>One of <see cref="ExternalIssueState"/>.</summary>
    public string State { get; set; } = ExternalIssueState.Open;

    /// <summary>When the tracker last confirmed the state (a sync sent, a webhook received, the link made).</summary>
    public DateTime? LastSyncedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>The two states BugSage tells apart in every tracker: open, or done (closed, a done status category).</summary>
public static class ExternalIssueState
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static string Of(bool closed) => closed ? Closed : Open;
}
