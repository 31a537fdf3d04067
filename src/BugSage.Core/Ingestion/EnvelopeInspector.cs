using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Digest;

namespace BugSage.Core.Ingestion;

/// <summary>An envelope checked at the door, with the event id the response reports.</summary>
public sealed record InspectedEnvelope(Envelope Envelope, ReadOnlyMemory<byte> Bytes, string? EventId)
{
    public bool HasEvent => Envelope.Items.Any(i => ItemTypes.IsJsonEvent(i.Type));
}

/// <summary>
/// The checks ingestion makes before acknowledging: well-formed framing, event items that are
/// JSON within the depth and size limits, and an event id (assigned when the SDK sent none).
/// Cheap by design: a forward-only JSON read, no tree is built.
/// </summary>
public static class EnvelopeInspector
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = IngestLimits.MaxJsonDepth };

    public static InspectedEnvelope InspectEnvelope(ReadOnlyMemory<byte> bytes, long maxEventBytes)
    {
        var envelope = EnvelopeParser.Parse(bytes);
        string? payloadEventId = null;
        foreach (var item in envelope.Items)
        {
            if (!ItemTypes.IsJsonEvent(item.Type)) continue;
            if (item.Payload.Length > maxEventBytes)
                throw new PayloadTooLargeException($"{item.Type} item is {item.Payload.Length} bytes; the limit is {maxEventBytes}");
            var id = ValidateEventJson(item.Payload.Span);
            if (item.Type == ItemTypes.Event) payloadEventId ??= id;
        }

        var headerId = envelope.EventId is null ? null : EventIds.Normalize(envelope.EventId)
            ?? throw new EnvelopeFormatException("invalid event_id in envelope header");
        var eventId = headerId ?? payloadEventId;
        if (eventId is null && envelope.EventItem is not null)
        {
            // Give the event an id now so the answer and the stored event agree.
            eventId = EventIds.New();
            bytes = WithHeaderEventId(bytes, eventId);
            envelope = envelope with { EventId = eventId };
        }
        return new InspectedEnvelope(envelope, bytes, eventId);
    }

    /// <summary>The legacy store endpoint: one JSON event, re-framed as an envelope.</summary>
    public static InspectedEnvelope InspectStoreEvent(ReadOnlyMemory<byte> json, long maxEventBytes)
    {
        if (json.Length > maxEventBytes)
            throw new PayloadTooLargeException($"event is {json.Length} bytes; the limit is {maxEventBytes}");
        var eventId = ValidateEventJson(json.Span) ?? EventIds.New();
        var header = Encoding.UTF8.GetBytes($"{{\"event_id\":\"{eventId}\"}}\n{{\"type\":\"event\",\"length\":{json.Length}}}\n");
        var envelopeBytes = new byte[header.Length + json.Length];
        header.CopyTo(envelopeBytes, 0);
        json.Span.CopyTo(envelopeBytes.AsSpan(header.Length));
        return InspectEnvelope(envelopeBytes, maxEventBytes);
    }

    /// <summary>Reads the whole payload once; returns its normalized top-level <c>event_id</c>, if any.</summary>
    private static string? ValidateEventJson(ReadOnlySpan<byte> json)
    {
        string? eventId = null;
        // The JSON reader checks UTF-8 only when a string is decoded, which the digest does later.
        if (!Utf8.IsValid(json)) throw new EnvelopeFormatException("event payload is not UTF-8");
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new EnvelopeFormatException("event payload is not a JSON object");
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("event_id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                        eventId = EventIds.Normalize(reader.GetString()) ?? throw new EnvelopeFormatException("invalid event_id");
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new EnvelopeFormatException("invalid event JSON: " + e.Message);
        }
        return eventId;
    }

    /// <summary>
    /// The bytes with <c>"event_id"</c> written first into the header object. The header is not rebuilt:
    /// it is already known to be one JSON object, and rebuilding would have to decode (and could
    /// refuse) what the parser skipped. A non-string <c>event_id</c> it had stays, behind the new one.
    /// </summary>
    private static byte[] WithHeaderEventId(ReadOnlyMemory<byte> bytes, string eventId)
    {
        var span = bytes.Span;
        var open = span.IndexOf((byte)'{') + 1;
        var next = span[open..].IndexOfAnyExcept(" \t\r"u8);
        var empty = next >= 0 && span[open + next] == (byte)'}';
        var insert = Encoding.UTF8.GetBytes($"\"event_id\":\"{eventId}\"{(empty ? "" : ",")}");
        var result = new byte[span.Length + insert.Length];
        span[..open].CopyTo(result);
        insert.CopyTo(result.AsSpan(open));
        span[open..].CopyTo(result.AsSpan(open + insert.Length));
        return result;
    }
}
