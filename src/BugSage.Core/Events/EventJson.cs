using System.Buffers;
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

    // What SerializeToUtf8Bytes would write with these options; the serializer's own depth limit is the writer's.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder, MaxDepth = 64, SkipValidation = true };

    // Each preparing thread serializes into its own buffer: the JSON is only an intermediate, and copying it out of a pool
    // for every event was a tenth of what the digest allocated.
    [ThreadStatic] private static SerializationBuffer? scratch;

    private sealed class SerializationBuffer : IDisposable
    {
        public const int MostKept = 1024 * 1024;
        public readonly ArrayBufferWriter<byte> Json = new(16 * 1024);
        public readonly Utf8JsonWriter Writer;

        public SerializationBuffer() => Writer = new Utf8JsonWriter(Json, WriterOptions);

        public void Dispose() => Writer.Dispose();
    }

    /// <summary>Brotli at quality 1: about as small as gzip's best at a fraction of the time.</summary>
    public static byte[] Compress(NormalizedEvent evt)
    {
        var buffer = scratch ??= new SerializationBuffer();
        try
        {
            buffer.Json.ResetWrittenCount();
            buffer.Writer.Reset(buffer.Json);
            JsonSerializer.Serialize(buffer.Writer, evt, Options);
            buffer.Writer.Flush();
            return Brotli(buffer.Json.WrittenSpan);
        }
        finally
        {
            // A rare huge event, stored or refused, does not keep its buffer (nor the writer that holds it) on the thread.
            if (buffer.Json.Capacity > SerializationBuffer.MostKept)
            {
                scratch = null;
                buffer.Dispose();
            }
        }
    }

    private static byte[] Brotli(ReadOnlySpan<byte> json)
    {
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
