using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Events;

/// <summary>
/// <see cref="JsonRead"/>'s lenient reads over a parsed document instead of nodes: the event reader takes what it needs
/// where it lies, and builds nodes only for the free-form parts an event keeps (contexts, extra, frame variables, …).
/// A JSON <c>null</c> reads as absent, as a node's indexer reads it.
/// </summary>
internal static class ElementRead
{
    /// <summary>The member <paramref name="name"/> of an object; null when this is no object, or the member is missing or null.</summary>
    public static JsonElement? Get(this JsonElement? node, string name) =>
        node is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement? Get(this JsonElement node, string name) => ((JsonElement?)node).Get(name);

    public static string? Str(this JsonElement? node, int maxLength = 8192)
    {
        var s = node?.ValueKind switch
        {
            JsonValueKind.String => node.Value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.Value.GetRawText(),
            _ => null,
        };
        return JsonRead.Kept(s, maxLength);
    }

    public static string? Str(this JsonElement node, string name, int maxLength = 8192) => node.Get(name).Str(maxLength);

    public static long? Long(this JsonElement? node) => node switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var l) => l,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) => JsonRead.WholeOf(d),
        { ValueKind: JsonValueKind.String } s => JsonRead.LongOf(s.GetString()),
        _ => null,
    };

    public static bool? Bool(this JsonElement? node) => node?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Sentry timestamps are float seconds since the epoch or ISO 8601 strings.</summary>
    public static DateTime? Timestamp(this JsonElement? node) => node switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var seconds) => JsonRead.FromSeconds(seconds),
        { ValueKind: JsonValueKind.String } text => JsonRead.FromText(text.GetString()),
        _ => null,
    };

    /// <summary>The objects of a list that arrives either bare or wrapped as <c>{"values": [...]}</c>; null when it is neither.</summary>
    public static List<JsonElement>? Objects(this JsonElement? node)
    {
        var array = node switch
        {
            { ValueKind: JsonValueKind.Array } a => a,
            { ValueKind: JsonValueKind.Object } o when o.Get("values") is { ValueKind: JsonValueKind.Array } inner => inner,
            _ => (JsonElement?)null,
        };
        if (array is not { } items) return null;
        var objects = new List<JsonElement>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
            if (item.ValueKind == JsonValueKind.Object) objects.Add(item);
        return objects;
    }

    /// <summary>Key/value maps that arrive as an object, as <c>[[k, v], …]</c> pairs or as <c>[{key, value}, …]</c>.</summary>
    public static IEnumerable<KeyValuePair<string, JsonElement?>> Pairs(this JsonElement? node)
    {
        switch (node?.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.Value.EnumerateObject())
                    yield return new(property.Name, property.Value.ValueKind == JsonValueKind.Null ? null : property.Value);
                break;
            case JsonValueKind.Array:
                foreach (var item in node.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2 && ((JsonElement?)item[0]).Str() is { } k)
                        yield return new(k, item[1].ValueKind == JsonValueKind.Null ? null : item[1]);
                    else if (item.ValueKind == JsonValueKind.Object && item.Str("key") is { } key)
                        yield return new(key, item.Get("value"));
                }
                break;
        }
    }

    /// <summary>A copy of an object as a node the event keeps, read lazily from its own copy of the text.</summary>
    public static JsonObject? ObjectClone(this JsonElement? node) =>
        node is { ValueKind: JsonValueKind.Object } obj ? JsonObject.Create(obj.Clone()) : null;

    /// <summary>A copy of any value as a node the event keeps.</summary>
    public static JsonNode? NodeClone(this JsonElement? node) => node?.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(node.Value.Clone()),
        JsonValueKind.Array => JsonArray.Create(node.Value.Clone()),
        null => null,
        _ => JsonValue.Create(node.Value.Clone()),
    };

    /// <summary>A node over the value where it lies, for reads that end before the document does.</summary>
    public static JsonNode? Node(this JsonElement? node) => node?.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(node.Value),
        JsonValueKind.Array => JsonArray.Create(node.Value),
        null => null,
        _ => JsonValue.Create(node.Value),
    };

    public static List<string>? StringList(this JsonElement? node, int maxItems = 50)
    {
        if (node is not { ValueKind: JsonValueKind.Array } array) return null;
        var list = new List<string>(Math.Min(array.GetArrayLength(), maxItems));
        foreach (var item in array.EnumerateArray())
        {
            if (list.Count >= maxItems) break;
            list.Add(((JsonElement?)item).Str() ?? "");
        }
        return list;
    }
}
