namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// Where accepted envelopes wait for the digest: this node's disk inbox by default (<see cref="LocalInboxQueue"/>), a
/// RabbitMQ quorum queue every node reads in cluster mode. Ingestion appends through it and the digest reads through it,
/// so there is one accept path and one digest path whichever holds the envelopes.
/// </summary>
public interface IEnvelopeQueue
{
    /// <summary>
    /// Appends an envelope; completes only once it is durable (fsynced, or confirmed by the broker), so a 200 sent after
    /// it survives the node. Throws <see cref="IOException"/> when it could not be made durable: nothing is acknowledged;
    /// <see cref="Ingestion.PayloadTooLargeException"/> when the envelope is over <see cref="MaxEnvelopeBytes"/>.
    /// Returns where the envelope now waits, for answers and logs.
    /// </summary>
    Task<string> AppendAsync(long projectId, DateTime receivedAt, ReadOnlyMemory<byte> envelope);

    /// <summary>
    /// The largest envelope (bytes) it can hold: a larger one is answered 413 before anything is written. Unbounded for the
    /// disk inbox (ingestion's own limits apply); a broker's message size limit for RabbitMQ.
    /// </summary>
    long MaxEnvelopeBytes => long.MaxValue;

    /// <summary>True when what waits is over its configured bound: ingestion answers 429 before writing anything.</summary>
    bool IsOverBacklogBound { get; }

    /// <summary>The digest's side: records in order, handed out again after a failed write, released after a commit.</summary>
    Task<IEnvelopeReader> OpenReaderAsync(CancellationToken ct);
}

/// <summary>The digest's cursor over an <see cref="IEnvelopeQueue"/>.</summary>
public interface IEnvelopeReader : IDisposable
{
    /// <summary>Where the next <see cref="ReadBatch"/> starts; set back to a record's position to read it again.</summary>
    InboxPosition Position { get; set; }

    /// <summary>
    /// True when the digest's transaction records how far it got (this node's inbox checkpoint); false when the queue
    /// itself remembers, through acknowledgements sent after the commit.
    /// </summary>
    bool KeepsCheckpoint { get; }

    /// <summary>Completes when a record past <see cref="Position"/> can be read.</summary>
    Task WaitForDataAsync(CancellationToken ct);

    List<InboxRecord> ReadBatch(int maxRecords, long maxBytes);

    /// <summary>Called once these records' digest (or quarantine) committed: they are never handed out again.</summary>
    Task MarkDigestedAsync(IReadOnlyList<InboxRecord> records);
}
