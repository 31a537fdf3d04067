using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BugSage.Core.Events;

/// <summary>How normalized events are written to and read from storage.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Brotli at quality 1: about as small as gzip's best at a fraction of the time.</summary>
    public static byte[] Compress(NormalizedEvent evt)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(evt, Options);
        var buffer = Ingestion.BytePool.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(json, buffer, out var written, quality: 1, window: 22))
                throw new InvalidOperationException("Brotli compression failed.");
            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            Ingestion.BytePool.Return(buffer);
        }
    }

    public static NormalizedEvent Decompress(byte[] payload)
    {
        using var brotli = new BrotliStream(new MemoryStream(payload), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<NormalizedEvent>(brotli, Options)
            ?? throw new InvalidDataException("Stored event payload is empty.");
    }
}
