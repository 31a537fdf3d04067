namespace BugSage.Core.Processing;

/// <summary>
/// A queue message whose digest committed, recorded in that same transaction. RabbitMQ delivers a message again when the
/// acknowledgement after the commit was lost (the node died in between); the digest then finds its id here and skips the
/// message whole, so what carries no event id of its own (attachments, user feedback, outcome counts) is not stored twice.
/// Kept for <c>BugSage:Cluster:RabbitMqMessageIdHours</c>, then pruned. Empty in one process: the disk inbox's
/// checkpoint does this job there.
/// </summary>
public sealed class DigestedMessage
{
    /// <summary>The publisher's message id (a GUID), or <c>sha256:…</c> of the body for a message published without one.</summary>
    public required string MessageId { get; set; }
    public DateTime DigestedAt { get; set; }
}
