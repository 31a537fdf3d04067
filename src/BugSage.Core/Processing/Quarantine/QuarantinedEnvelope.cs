namespace BugSage.Core.Processing.Quarantine;

/// <summary>
/// An acknowledged envelope the digest could not process, set aside with the reason so that the
/// records after it go on. An admin can read it, send it through the digest again, or delete it.
/// </summary>
public sealed class QuarantinedEnvelope
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string NodeId { get; set; }

    /// <summary>Where the record stood in the node's inbox (segment and offset), for the logs.</summary>
    public required string InboxPosition { get; set; }
    public required string Reason { get; set; }
    public required byte[] Envelope { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime QuarantinedAt { get; set; }
}
