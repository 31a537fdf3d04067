namespace BugSage.Core.Processing.Inbox;

/// <summary>An acknowledged envelope as the inbox holds it, with where the next record starts.</summary>
/// <param name="MessageId">
/// The queue message's identity when the record came from a broker that may deliver it again (RabbitMQ): the digest records
/// it with its commit and skips a message it finds recorded. Null for the disk inbox, whose checkpoint commits with the digest.
/// </param>
public sealed record InboxRecord(InboxPosition Position, InboxPosition Next, long ProjectId, DateTime ReceivedAt, ReadOnlyMemory<byte> Envelope, string? MessageId = null);
