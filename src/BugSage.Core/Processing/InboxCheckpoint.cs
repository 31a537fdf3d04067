namespace BugSage.Core.Processing;

/// <summary>
/// How far a node's inbox has been digested. Written in the same transaction as the digested
/// events, so a crash either keeps both or neither: each record is digested exactly once.
/// </summary>
public sealed class InboxCheckpoint
{
    public required string NodeId { get; set; }
    public long Segment { get; set; }
    public long Offset { get; set; }
    public DateTime UpdatedAt { get; set; }
}
