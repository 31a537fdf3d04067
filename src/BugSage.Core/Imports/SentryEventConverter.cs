using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Imports;

/// <summary>
/// Turns an event as Sentry's web API shows it (<c>GET /api/0/issues/{id}/events/?full=true</c>:
/// camel-case frames, interfaces listed in <c>entries</c>, tags as key/value objects) back into
/// the event an SDK would have sent, so that it goes through the same scrubbing, normalizing and
/// fingerprinting as any event, and the issue page reads it like any other.
/// </summary>
public static class SentryEventConverter
{
    public static JsonObject ToSdkEvent(JsonObject api, string? fallbackLevel)
    {
        var tags = Tags(api["tags"]);
        var sdk = new JsonObject
        {
            ["event_id"] = Str(api, "eventID") ?? Str(api, "id"),
            ["timestamp"] = Str(api, "dateCreated"),
            ["platform"] = Str(api, "platform"),
            ["level"] = tags.GetValueOrDefault("level") ?? Str(api, "level") ?? fallbackLevel,
            ["release"] = (api["release"] as JsonObject)?["version"]?.DeepClone() ?? (api["release"] is JsonValue v ? v.DeepClone() : null) ?? Value(tags.GetValueOrDefault("release")),
            ["environment"] = Value(tags.GetValueOrDefault("environment") ?? Str(api, "environment")),
            ["dist"] = api["dist"]?.DeepClone(),
            ["culprit"] = api["culprit"]?.DeepClone(),
            ["transaction"] = Value(tags.GetValueOrDefault("transaction")),
            ["server_name"] = Value(tags.GetValueOrDefault("server_name")),
            ["user"] = User(api["user"]),
            ["contexts"] = api["contexts"] is JsonObject contexts ? contexts.DeepClone() : null,
            ["sdk"] = api["sdk"] is JsonObject s ? s.DeepClone() : null,
            ["extra"] = api["context"] is JsonObject extra ? extra.DeepClone() : null,
            ["tags"] = new JsonArray(tags.Where(t => t.Key is not ("level" or "release" or "environment"))
                .Select(t => (JsonNode?)new JsonArray(t.Key, t.Value)).ToArray()),
        };
        foreach (var entry in (api["entries"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var data = entry["data"];
            switch (Str(entry, "type"))
            {
                case "exception":
                    sdk["exception"] = new JsonArray(Values(data).Select(e => (JsonNode?)Exception(e)).ToArray()).Wrapped();
                    break;
                case "message" when data is JsonObject message:
                    sdk["logentry"] = new JsonObject { ["formatted"] = message["formatted"]?.DeepClone() ?? message["message"]?.DeepClone() };
                    break;
                case "breadcrumbs":
                    sdk["breadcrumbs"] = new JsonArray(Values(data).Select(b => b.DeepClone()).ToArray()).Wrapped();
                    break;
                case "request" when data is JsonObject req:
                    sdk["request"] = new JsonObject
                    {
                        ["url"] = req["url"]?.DeepClone(), ["method"] = req["method"]?.DeepClone(), ["headers"] = req["headers"]?.DeepClone(),
                        ["query_string"] = req["query"]?.DeepClone(), ["data"] = req["data"]?.DeepClone(), ["env"] = req["env"]?.DeepClone(),
                    };
                    break;
                case "threads":
                    sdk["threads"] = new JsonArray(Values(data).Select(t => (JsonNode?)Thread(t)).ToArray()).Wrapped();
                    break;
            }
        }
        if (sdk["logentry"] is null && Str(api, "message") is { Length: > 0 } text) sdk["message"] = text;
        foreach (var (key, value) in sdk.ToList())
            if (value is null) sdk.Remove(key);
        return sdk;
    }

    /// <summary>The event's tags as Sentry lists them (<c>[{key, value}]</c>), first value of a key wins.</summary>
    public static Dictionary<string, string> Tags(JsonNode? node)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in (node as JsonArray ?? []).OfType<JsonObject>())
            if (Str(tag, "key") is { } key && Str(tag, "value") is { } value) tags.TryAdd(key, value);
        return tags;
    }

    private static JsonObject Exception(JsonObject e) => new()
    {
        ["type"] = e["type"]?.DeepClone(),
        ["value"] = e["value"]?.DeepClone(),
        ["module"] = e["module"]?.DeepClone(),
        ["mechanism"] = e["mechanism"] is JsonObject m ? m.DeepClone() : null,
        ["stacktrace"] = Stacktrace(e["stacktrace"]),
    };

    private static JsonObject Thread(JsonObject t) => new()
    {
        ["id"] = t["id"]?.DeepClone(), ["name"] = t["name"]?.DeepClone(), ["crashed"] = t["crashed"]?.DeepClone(), ["current"] = t["current"]?.DeepClone(),
        ["stacktrace"] = Stacktrace(t["stacktrace"]),
    };

    private static JsonObject? Stacktrace(JsonNode? node) =>
        node is JsonObject st && st["frames"] is JsonArray frames ? new JsonObject { ["frames"] = new JsonArray(frames.OfType<JsonObject>().Select(f => (JsonNode?)Frame(f)).ToArray()) } : null;

    /// <summary>A frame in the SDK's names; the context lines come back from Sentry's <c>[line, text]</c> pairs.</summary>
    private static JsonObject Frame(JsonObject f)
    {
        var frame = new JsonObject
        {
            ["filename"] = f["filename"]?.DeepClone(), ["abs_path"] = f["absPath"]?.DeepClone(), ["function"] = f["function"]?.DeepClone(),
            ["raw_function"] = f["rawFunction"]?.DeepClone(), ["module"] = f["module"]?.DeepClone(), ["package"] = f["package"]?.DeepClone(),
            ["platform"] = f["platform"]?.DeepClone(), ["lineno"] = f["lineNo"]?.DeepClone(), ["colno"] = f["colNo"]?.DeepClone(),
            ["in_app"] = f["inApp"]?.DeepClone(), ["instruction_addr"] = f["instructionAddr"]?.DeepClone(), ["vars"] = f["vars"] is JsonObject vars ? vars.DeepClone() : null,
        };
        if (f["context"] is JsonArray context && Number(f["lineNo"]) is { } line)
        {
            var lines = context.OfType<JsonArray>().Where(p => p.Count == 2 && Number(p[0]) is not null)
                .Select(p => (Line: Number(p[0])!.Value, Text: p[1] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "")).ToList();
            frame["pre_context"] = new JsonArray(lines.Where(l => l.Line < line).Select(l => (JsonNode?)l.Text).ToArray());
            frame["context_line"] = lines.FirstOrDefault(l => l.Line == line).Text;
            frame["post_context"] = new JsonArray(lines.Where(l => l.Line > line).Select(l => (JsonNode?)l.Text).ToArray());
        }
        foreach (var (key, value) in frame.ToList())
            if (value is null) frame.Remove(key);
        return frame;
    }

    private static JsonObject? User(JsonNode? node)
    {
        if (node is not JsonObject user) return null;
        var sdk = new JsonObject();
        foreach (var (from, to) in new[] { ("id", "id"), ("email", "email"), ("username", "username"), ("name", "name"), ("ip_address", "ip_address") })
            if (user[from] is JsonValue value) sdk[to] = value.DeepClone();
        return sdk.Count == 0 ? null : sdk;
    }

    private static JsonObject Wrapped(this JsonArray values) => new() { ["values"] = values };

    private static IEnumerable<JsonObject> Values(JsonNode? data) =>
        (data is JsonObject o ? o["values"] as JsonArray : data as JsonArray)?.OfType<JsonObject>() ?? [];

    private static long? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonValue? Value(string? s) => s is null ? null : JsonValue.Create(s);
}
