using System.Buffers.Binary;

namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// On-disk framing of one record: magic, payload length, CRC-32C of the payload, then the
/// payload (project id, received-at ticks, envelope bytes). The checksum finds the torn tail
/// a crash may leave; nothing past it was ever acknowledged.
/// </summary>
internal static class InboxRecordFormat
{
    public const uint Magic = 0xB5A6E001;
    public const int HeaderSize = 12;
    public const int MetaSize = 16;
    public const int MaxPayload = int.MaxValue - 64;

    public static int SizeOf(int envelopeLength) => HeaderSize + MetaSize + envelopeLength;

    /// <summary>Fills the header and metadata that precede the envelope bytes.</summary>
    public static void WritePrefix(Span<byte> prefix, long projectId, DateTime receivedAt, ReadOnlySpan<byte> envelope)
    {
        var meta = prefix.Slice(HeaderSize, MetaSize);
        BinaryPrimitives.WriteInt64LittleEndian(meta, projectId);
        BinaryPrimitives.WriteInt64LittleEndian(meta[8..], receivedAt.Ticks);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], MetaSize + envelope.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix[8..], Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Start, meta), envelope)));
    }

    /// <summary>Reads the header; false when it is not a plausible record start.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out int payloadLength, out uint crc)
    {
        payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        crc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic && payloadLength is >= MetaSize and <= MaxPayload;
    }

    public static (long ProjectId, DateTime ReceivedAt) ReadMeta(ReadOnlySpan<byte> payload) =>
        (BinaryPrimitives.ReadInt64LittleEndian(payload), new DateTime(BinaryPrimitives.ReadInt64LittleEndian(payload[8..]), DateTimeKind.Utc));
}
