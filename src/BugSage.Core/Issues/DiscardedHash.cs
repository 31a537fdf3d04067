namespace BugSage.Core.Issues;

/// <summary>A fingerprint whose issue was deleted with "discard": its future events are dropped and counted.</summary>
public sealed class DiscardedHash
{
    public long ProjectId { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
}
