using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Scrubbing;
using BugSage.Core.SourceMaps;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// The per-event steps of the digest, in order: parse, scrub personal data, normalize, map
/// minified JavaScript frames through their source maps, fingerprint. Nothing of the event is kept before the scrub has run.
/// </summary>
internal static class EventPreparer
{
    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Duplicate keys are refused by this parse: a <see cref="JsonObject"/> holding them would throw when first read.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = IngestLimits.MaxJsonDepth, AllowDuplicateProperties = false };

    private static readonly JsonDocumentOptions DuplicatesAllowed = DocumentOptions with { AllowDuplicateProperties = true };

    public static PreparedEvent Prepare(ReadOnlyMemory<byte> payload, string? envelopeEventId, DateTime receivedAt, ProjectDigestSettings settings)
    {
        var (normalized, grouping) = Normalize(payload, envelopeEventId, receivedAt, settings);
        return new PreparedEvent(settings.Project.Id, normalized, grouping);
    }

    /// <summary>The event whole, as it will be stored, and its fingerprint: <see cref="Prepare"/> before it compresses the event and forgets its payload-only parts.</summary>
    internal static (NormalizedEvent Event, GroupingResult Grouping) Normalize(ReadOnlyMemory<byte> payload, string? envelopeEventId, DateTime receivedAt, ProjectDigestSettings settings)
    {
        // The normalized event keeps copies of what it takes from the payload, so the documents go back to their pool here.
        using var parsed = Parse(payload);
        using var scrubbed = Scrub(parsed, settings.Scrubbing);
        var raw = scrubbed?.RootElement ?? parsed.Source!.Value;
        var eventId = EventIds.Normalize(raw.Get("event_id") is { ValueKind: JsonValueKind.String } id ? id.GetString() : null)
            ?? EventIds.Normalize(envelopeEventId)
            ?? EventIds.New();
        var normalized = EventNormalizer.Normalize(raw, eventId, receivedAt);
        if (settings.SourceMaps is { } maps)
        {
            var (projectId, release, dist) = (settings.Project.Id, normalized.Release, normalized.Dist);
            if (EventSymbolicator.Apply(normalized, (url, debugId) => maps.Find(projectId, url, debugId, release, dist)) && raw.Get("culprit") is null)
                normalized.Culprit = EventTitle.CulpritFor(normalized);
        }
        return (normalized, EventFingerprinter.Fingerprint(normalized, settings.Rules));
    }

    /// <summary>
    /// Scrubs the event before anything reads it. Most events need nothing replaced, and are then read from the document
    /// they were parsed into (null here); otherwise from a document of the scrubbed event.
    /// </summary>
    private static JsonDocument? Scrub(ParsedPayload parsed, ScrubbingRules rules)
    {
        if (parsed.Source is { } source && !PiiScrubber.Scrub(parsed.Event, source, rules)) return null;
        if (parsed.Source is null) PiiScrubber.Scrub(parsed.Event, rules);
        return JsonSerializer.SerializeToDocument(parsed.Event, ScrubbedOptions);
    }

    // The scrubbed event is no deeper than the payload, which the parse held to the ingestion limit.
    private static readonly JsonSerializerOptions ScrubbedOptions = new() { MaxDepth = IngestLimits.MaxJsonDepth + 1 };

    /// <summary>An item payload as a JSON object every later step can read; a <see cref="JsonException"/> when it is not one.</summary>
    internal static JsonObject ParseObject(ReadOnlyMemory<byte> payload) => Parse(payload).Event;

    /// <summary>
    /// An item payload parsed once: its object, whose nodes are built only where a later step reads them, over the
    /// document whose root is <see cref="ParsedPayload.Source"/> (read in place by the scrubber). Without a source when the
    /// payload repeats a key: its object is then a copy that keeps the last of each.
    /// </summary>
    private static ParsedPayload Parse(ReadOnlyMemory<byte> payload)
    {
        // The JSON reader checks UTF-8 only when a string is decoded, deep inside the later steps.
        if (!Utf8.IsValid(payload.Span)) throw new JsonException("payload is not UTF-8");
        var json = LongStrings.Cut(LoneSurrogateEscapes.Replace(payload), DocumentOptions);
        JsonDocument document;
        try
        {
            // Reads json where it lies: each payload has its own buffer, never reused.
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException) when (WithoutDuplicates(json) is { } kept)
        {
            return new ParsedPayload(kept as JsonObject ?? throw new JsonException("payload is not a JSON object"), null, null);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new JsonException("payload is not a JSON object");
        }
        return new ParsedPayload(JsonObject.Create(document.RootElement, NodeOptions)!, document.RootElement, document);
    }

    private sealed record ParsedPayload(JsonObject Event, JsonElement? Source, JsonDocument? Document) : IDisposable
    {
        public void Dispose() => Document?.Dispose();
    }

    /// <summary>
    /// JSON that repeats a key in an object is still JSON (RFC 8259 only says names should be
    /// unique), and the door has acknowledged it: the last value wins, as in JavaScript and Python.
    /// Every later step (scrubbing included) and the stored payload see this one reading. Null when
    /// the payload is malformed for another reason.
    /// </summary>
    private static JsonNode? WithoutDuplicates(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DuplicatesAllowed);
            return Copy(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Copy(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject(NodeOptions);
                foreach (var property in element.EnumerateObject()) obj[property.Name] = Copy(property.Value);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray(NodeOptions);
                foreach (var item in element.EnumerateArray()) array.Add(Copy(item));
                return array;
            default:
                return JsonValue.Create(element.Clone(), NodeOptions);
        }
    }
}
