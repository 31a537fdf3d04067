using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Events;

/// <summary>Lenient reads over SDK JSON, where a field may arrive as a string, a number or something else.</summary>
internal static class JsonRead
{
    public static string? Str(this JsonNode? node, int maxLength = 8192)
    {
        if (node is not JsonValue value) return null;
        var s = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
        return Kept(s, maxLength);
    }

    public static string? Str(this JsonObject obj, string key, int maxLength = 8192) => obj[key].Str(maxLength);

    /// <summary>What a lenient read keeps of a value's text: nothing when it is empty, else storable and cut.</summary>
    internal static string? Kept(string? text, int maxLength) => string.IsNullOrEmpty(text) ? null : text.Storable().Truncate(maxLength);

    /// <summary>A number's whole part when it fits a long with room to spare; a count or an id sent as a float.</summary>
    internal static long? WholeOf(double number) => double.IsFinite(number) && Math.Abs(number) < 9e18 ? (long)number : null;

    /// <summary>An integer sent as text.</summary>
    internal static long? LongOf(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    public static long? Long(this JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number when value.TryGetValue<double>(out var d) => WholeOf(d),
            JsonValueKind.String => LongOf(value.GetValue<string>()),
            _ => null,
        };
    }

    public static bool? Bool(this JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }
        : null;

    /// <summary>Sentry timestamps are float seconds since the epoch or ISO 8601 strings.</summary>
    public static DateTime? Timestamp(this JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<double>(out var seconds) => FromSeconds(seconds),
            JsonValueKind.String => FromText(value.GetValue<string>()),
            _ => null,
        };
    }

    /// <summary>Float seconds since the epoch, when they fall between the epoch and the year 9999.</summary>
    internal static DateTime? FromSeconds(double seconds) =>
        double.IsFinite(seconds) && seconds is > 0 and < 253402300799 ? DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)) : null;

    /// <summary>An ISO 8601 timestamp, or seconds since the epoch written as text.</summary>
    internal static DateTime? FromText(string? text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            return dto.UtcDateTime;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? FromSeconds(seconds) : null;
    }

    /// <summary>Lists that arrive either bare or wrapped as <c>{"values": [...]}</c>.</summary>
    public static JsonArray? Values(this JsonNode? node) => node switch
    {
        JsonArray array => array,
        JsonObject obj when obj["values"] is JsonArray inner => inner,
        _ => null,
    };

    /// <summary>Key/value maps that arrive as an object, as <c>[[k, v], …]</c> pairs or as <c>[{key, value}, …]</c>.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Pairs(this JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var kv in obj) yield return kv;
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonArray { Count: 2 } pair && pair[0].Str() is { } k)
                        yield return new(k, pair[1]);
                    else if (item is JsonObject o && o.Str("key") is { } key)
                        yield return new(key, o["value"]);
                }
                break;
        }
    }

    public static JsonObject? ObjectClone(this JsonNode? node) => node is JsonObject o ? (JsonObject)o.DeepClone() : null;

    public static List<string>? StringList(this JsonNode? node, int maxItems = 50)
    {
        if (node is not JsonArray array) return null;
        var list = new List<string>(Math.Min(array.Count, maxItems));
        foreach (var item in array)
        {
            if (list.Count >= maxItems) break;
            list.Add(item.Str() ?? "");
        }
        return list;
    }
}
