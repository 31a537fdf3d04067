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

    public static byte[] Compress(NormalizedEvent evt)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(evt, Options);
        using var output = new MemoryStream(json.Length / 3 + 64);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
            brotli.Write(json);
        return output.ToArray();
    }

    public static NormalizedEvent Decompress(byte[] payload)
    {
        using var brotli = new BrotliStream(new MemoryStream(payload), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<NormalizedEvent>(brotli, Options)
            ?? throw new InvalidDataException("Stored event payload is empty.");
    }
}
