using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Scrubbing;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// The per-event steps of the digest, in order: parse, scrub personal data, normalize,
/// fingerprint. Nothing of the event is kept before the scrub has run.
/// </summary>
internal static class EventPreparer
{
    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Duplicate keys are refused here: a <see cref="JsonObject"/> holding them throws when first read.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = IngestLimits.MaxJsonDepth, AllowDuplicateProperties = false };

    public static PreparedEvent Prepare(ReadOnlyMemory<byte> payload, string? envelopeEventId, DateTime receivedAt, ProjectDigestSettings settings)
    {
        var raw = ParseObject(payload);
        PiiScrubber.Scrub(raw, settings.Scrubbing);
        var eventId = EventIds.Normalize(raw["event_id"]?.GetValueKind() == JsonValueKind.String ? raw["event_id"]!.GetValue<string>() : null)
            ?? EventIds.Normalize(envelopeEventId)
            ?? EventIds.New();
        var normalized = EventNormalizer.Normalize(raw, eventId, receivedAt);
        var grouping = EventFingerprinter.Fingerprint(normalized, settings.Rules);
        return new PreparedEvent(settings.Project.Id, normalized, grouping);
    }

    /// <summary>An item payload as a JSON object every later step can read; a <see cref="JsonException"/> when it is not one.</summary>
    internal static JsonObject ParseObject(ReadOnlyMemory<byte> payload)
    {
        // The JSON reader checks UTF-8 only when a string is decoded, deep inside the later steps.
        if (!Utf8.IsValid(payload.Span)) throw new JsonException("payload is not UTF-8");
        var json = LongStrings.Cut(LoneSurrogateEscapes.Replace(payload), DocumentOptions);
        return JsonNode.Parse(json.Span, NodeOptions, DocumentOptions) as JsonObject
            ?? throw new JsonException("payload is not a JSON object");
    }
}
