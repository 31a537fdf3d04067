namespace BugSage.Core.Issues;

/// <summary>A fingerprint hash and the issue its events land in.</summary>
public sealed class IssueHash
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Hash { get; set; }
    public long IssueId { get; set; }

    /// <summary>JSON of the grouping variant that produced the hash, for <c>/grouping</c>.</summary>
    public required string Components { get; set; }
}
