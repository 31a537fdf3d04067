namespace BugSage.Core.Processing.Inbox;

/// <summary>An acknowledged envelope as the inbox holds it, with where the next record starts.</summary>
public sealed record InboxRecord(InboxPosition Position, InboxPosition Next, long ProjectId, DateTime ReceivedAt, ReadOnlyMemory<byte> Envelope);
