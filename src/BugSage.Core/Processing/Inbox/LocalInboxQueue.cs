using BugSage.Core.Configuration;
using BugSage.Core.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// The single-process default: envelopes wait in this node's <see cref="InboxLog"/> and the digest's transaction moves
/// the node's checkpoint past them.
/// </summary>
public sealed class LocalInboxQueue(InboxLog inbox, AcceptedTraces accepted, IOptions<IngestionOptions> options, ILogger<LocalInboxQueue> logger) : IEnvelopeQueue
{
    public async Task<string> AppendAsync(long projectId, DateTime receivedAt, ReadOnlyMemory<byte> envelope)
    {
        var position = await inbox.AppendAsync(projectId, receivedAt, envelope);
        accepted.Remember(position);
        return $"{position.Segment}:{position.Offset}";
    }

    public bool IsOverBacklogBound => inbox.BacklogBytes > options.Value.MaxInboxBacklogBytes;

    /// <summary>Opened after the inbox started, so that it begins at the checkpoint this node had committed.</summary>
    public Task<IEnvelopeReader> OpenReaderAsync(CancellationToken ct) =>
        Task.FromResult<IEnvelopeReader>(new Reader(inbox, new InboxReader(inbox, logger) { Position = inbox.DigestStart }));

    private sealed class Reader(InboxLog inbox, InboxReader reader) : IEnvelopeReader
    {
        public InboxPosition Position { get => reader.Position; set => reader.Position = value; }

        public bool KeepsCheckpoint => true;

        public Task WaitForDataAsync(CancellationToken ct) => inbox.WaitForDataAfterAsync(reader.Position, ct);

        public List<InboxRecord> ReadBatch(int maxRecords, long maxBytes) => reader.ReadBatch(maxRecords, maxBytes);

        public Task MarkDigestedAsync(IReadOnlyList<InboxRecord> records)
        {
            inbox.MarkDigested(records[^1].Next, records.Sum(r => r.Next.Offset - r.Position.Offset));
            return Task.CompletedTask;
        }

        public void Dispose() => reader.Dispose();
    }
}
