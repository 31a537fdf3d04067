using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// Reads the inbox from a position onwards: sealed segments up to their last valid record
/// (a torn tail from a crash is skipped: it was never acknowledged), the active one up to
/// what is durable.
/// </summary>
public sealed class InboxReader(InboxLog log, ILogger logger) : IDisposable
{
    private FileStream? file;
    private long fileSegment = -1;
    private readonly byte[] header = new byte[InboxRecordFormat.HeaderSize];

    public InboxPosition Position { get; set; }

    public List<InboxRecord> ReadBatch(int maxRecords, long maxBytes)
    {
        var records = new List<InboxRecord>();
        long bytes = 0;
        while (records.Count < maxRecords && bytes < maxBytes)
        {
            var durable = log.DurablePosition;
            if (Position >= durable) break;
            var isSealed = Position.Segment < durable.Segment;
            var stream = Open(Position.Segment);
            var limit = isSealed ? stream?.Length ?? 0 : durable.Offset;
            var record = stream is null ? null : TryRead(stream, limit);
            if (record is null)
            {
                if (!isSealed) throw new InvalidDataException($"Inbox segment {Position.Segment} is unreadable at {Position.Offset}, inside its durable part.");
                if (stream is not null && Position.Offset < limit)
                    logger.LogWarning("Inbox segment {Segment} ends in {Bytes} unreadable bytes (a write cut short by a crash, never acknowledged)", Position.Segment, limit - Position.Offset);
                Position = new InboxPosition(NextSegment(Position.Segment, durable.Segment), 0);
                continue;
            }
            records.Add(record);
            bytes += record.Next.Offset - record.Position.Offset;
            Position = record.Next;
        }
        return records;
    }

    private InboxRecord? TryRead(FileStream stream, long limit)
    {
        var offset = Position.Offset;
        if (offset + InboxRecordFormat.HeaderSize > limit) return null;
        stream.Position = offset;
        stream.ReadExactly(header);
        if (!InboxRecordFormat.TryReadHeader(header, out var length, out var crc)) return null;
        if (offset + InboxRecordFormat.HeaderSize + length > limit) return null;
        var payload = new byte[length];
        stream.ReadExactly(payload);
        if (Crc32C.Compute(payload) != crc) return null;
        var (projectId, receivedAt) = InboxRecordFormat.ReadMeta(payload);
        var next = new InboxPosition(Position.Segment, offset + InboxRecordFormat.HeaderSize + length);
        return new InboxRecord(Position, next, projectId, receivedAt, payload.AsMemory(InboxRecordFormat.MetaSize));
    }

    private FileStream? Open(long segment)
    {
        if (fileSegment == segment && file is not null) return file;
        file?.Dispose();
        file = null;
        fileSegment = segment;
        var path = log.SegmentPath(segment);
        if (!File.Exists(path)) return null;
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
        return file;
    }

    private long NextSegment(long current, long activeSegment)
    {
        foreach (var s in log.Segments())
            if (s > current && s <= activeSegment) return s;
        return activeSegment;
    }

    public void Dispose() => file?.Dispose();
}
