using System.Text.Json;
using System.Text.Unicode;

namespace BugSage.Core.Ingestion;

/// <summary>
/// Reads the Sentry envelope framing: a JSON header line, then items, each a JSON header line
/// and a payload of <c>length</c> bytes (or up to the next newline when no length is given).
/// </summary>
public static class EnvelopeParser
{
    private const int MaxItems = 1000;

    public static Envelope Parse(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var pos = 0;
        var headerLine = ReadLine(span, ref pos);
        if (headerLine.IsEmpty) throw new EnvelopeFormatException("missing envelope header");
        var (eventId, dsn) = ReadEnvelopeHeader(headerLine);

        var items = new List<EnvelopeItem>();
        while (pos < span.Length)
        {
            var itemHeader = ReadLine(span, ref pos);
            if (itemHeader.IsEmpty || IsWhitespace(itemHeader)) continue;
            if (items.Count >= MaxItems) throw new EnvelopeFormatException("too many items");
            var header = ReadItemHeader(itemHeader);
            ReadOnlyMemory<byte> payload;
            if (header.Length is { } length)
            {
                if (length < 0 || length > span.Length - pos) throw new EnvelopeFormatException("item length exceeds envelope");
                payload = data.Slice(pos, (int)length);
                pos += (int)length;
                if (pos < span.Length)
                {
                    if (span[pos] == (byte)'\r') pos++;
                    if (pos < span.Length && span[pos] != (byte)'\n') throw new EnvelopeFormatException("item payload not followed by newline");
                    pos++;
                }
            }
            else
            {
                var start = pos;
                var line = ReadLine(span, ref pos);
                payload = data.Slice(start, line.Length);
            }
            items.Add(new EnvelopeItem(header.Type, payload, header.Filename, header.ContentType, header.AttachmentType));
        }
        return new Envelope(eventId, dsn, items);
    }

    /// <summary>
    /// The <c>dsn</c> of an envelope's header line, read on its own: a body whose key is there is
    /// checked before the rest of it is decoded. Throws <see cref="EnvelopeFormatException"/> as <see cref="Parse"/> does.
    /// </summary>
    public static string? DsnOf(ReadOnlySpan<byte> headerLine)
    {
        if (headerLine.Length > 0 && headerLine[^1] == (byte)'\r') headerLine = headerLine[..^1];
        if (headerLine.IsEmpty) throw new EnvelopeFormatException("missing envelope header");
        return ReadEnvelopeHeader(headerLine).Dsn;
    }

    private static ReadOnlySpan<byte> ReadLine(ReadOnlySpan<byte> span, ref int pos)
    {
        var rest = span[pos..];
        var nl = rest.IndexOf((byte)'\n');
        var line = nl < 0 ? rest : rest[..nl];
        pos += nl < 0 ? rest.Length : nl + 1;
        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    private static (string? EventId, string? Dsn) ReadEnvelopeHeader(ReadOnlySpan<byte> line)
    {
        string? eventId = null, dsn = null;
        if (!Utf8.IsValid(line)) throw new EnvelopeFormatException("envelope header is not UTF-8");
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new EnvelopeFormatException("envelope header is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = HeaderText(ref reader);
                reader.Read();
                if (name == "event_id" && reader.TokenType == JsonTokenType.String) eventId = HeaderText(ref reader);
                else if (name == "dsn" && reader.TokenType == JsonTokenType.String) dsn = HeaderText(ref reader);
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) throw new EnvelopeFormatException("envelope header is not one JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string the reader cannot decode, such as half a surrogate pair.
            throw new EnvelopeFormatException("invalid envelope header: " + e.Message);
        }
        return (eventId, dsn);
    }

    private readonly record struct ItemHeader(string Type, long? Length, string? Filename, string? ContentType, string? AttachmentType);

    private static ItemHeader ReadItemHeader(ReadOnlySpan<byte> line)
    {
        string? type = null, filename = null, contentType = null, attachmentType = null;
        long? length = null;
        if (!Utf8.IsValid(line)) throw new EnvelopeFormatException("item header is not UTF-8");
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new EnvelopeFormatException("item header is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = HeaderText(ref reader);
                reader.Read();
                switch (name)
                {
                    case "type" when reader.TokenType == JsonTokenType.String: type = HeaderText(ref reader); break;
                    case "length" when reader.TokenType == JsonTokenType.Number:
                        if (!reader.TryGetInt64(out var l)) throw new EnvelopeFormatException("invalid item length");
                        length = l;
                        break;
                    case "filename" when reader.TokenType == JsonTokenType.String: filename = HeaderText(ref reader); break;
                    case "content_type" when reader.TokenType == JsonTokenType.String: contentType = HeaderText(ref reader); break;
                    case "attachment_type" when reader.TokenType == JsonTokenType.String: attachmentType = HeaderText(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) throw new EnvelopeFormatException("item header is not one JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new EnvelopeFormatException("invalid item header: " + e.Message);
        }
        if (string.IsNullOrEmpty(type)) throw new EnvelopeFormatException("item header without type");
        return new ItemHeader(type, length, filename, contentType, attachmentType);
    }

    /// <summary>Longest header name or value read, in encoded bytes; names and values BugSage reads are far shorter.</summary>
    internal const int MaxHeaderText = 4096;

    /// <summary>
    /// A header's name or string value. A longer one is refused before it is decoded: headers may be
    /// 64 KiB, and a hostile client's 64 KiB string would be decoded into a large-object-heap string per request.
    /// </summary>
    private static string HeaderText(ref Utf8JsonReader reader) => reader.ValueSpan.Length <= MaxHeaderText
        ? reader.GetString()!
        : throw new EnvelopeFormatException($"a header name or value is longer than {MaxHeaderText} bytes");
}
