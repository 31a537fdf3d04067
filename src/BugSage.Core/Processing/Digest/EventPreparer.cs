using System.Text.Json;
using System.Text.Json.Nodes;
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
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = IngestLimits.MaxJsonDepth };

    public static PreparedEvent Prepare(ReadOnlyMemory<byte> payload, string? envelopeEventId, DateTime receivedAt, ProjectDigestSettings settings)
    {
        if (JsonNode.Parse(payload.Span, NodeOptions, DocumentOptions) is not JsonObject raw)
            throw new JsonException("event payload is not a JSON object");

        PiiScrubber.Scrub(raw, settings.Scrubbing);
        var eventId = EventIds.Normalize(raw["event_id"]?.GetValueKind() == JsonValueKind.String ? raw["event_id"]!.GetValue<string>() : null)
            ?? EventIds.Normalize(envelopeEventId)
            ?? EventIds.New();
        var normalized = EventNormalizer.Normalize(raw, eventId, receivedAt);
        var grouping = EventFingerprinter.Fingerprint(normalized, settings.Rules);
        return new PreparedEvent(settings.Project.Id, normalized, grouping);
    }
}
