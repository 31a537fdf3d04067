using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Scrubbing;

/// <summary>
/// <see cref="PiiScrubber"/>'s walk over an event's parsed document instead of its nodes, with the same rules in the
/// same order: it reads the raw text in place and builds no node and no string for what it leaves alone (most of an
/// event), then makes its replacements on the event's nodes, which are built only along the paths it changes.
/// </summary>
internal sealed class ElementScrubber(ScrubbingRules rules)
{
    /// <summary>Where a replacement goes: a property name or an array index for each level below the event.</summary>
    private readonly record struct Step(string? Name, int Index);

    // The position being walked, kept cheap: a property (index -1) whose name is read only when a replacement below it is
    // recorded, or an array item's index.
    private readonly List<(JsonProperty Property, int Index)> position = [];
    private List<(Step[] Path, string Value)>? replacements;

    /// <summary>Records the replacements for one member of the event (depth 0), as the node walk would make them.</summary>
    public void TopLevel(JsonProperty member)
    {
        position.Add((member, -1));
        Member(member.Value, depth: 0);
        position.RemoveAt(position.Count - 1);
    }

    /// <summary>Makes the recorded replacements on the event's nodes; true when there were any.</summary>
    public bool Apply(JsonObject evt)
    {
        foreach (var (path, value) in replacements ?? [])
        {
            JsonNode parent = evt;
            for (var i = 0; i < path.Length - 1; i++)
                parent = (path[i].Name is { } name ? parent.AsObject()[name] : parent.AsArray()[path[i].Index])!;
            var last = path[^1];
            if (last.Name is { } key) parent.AsObject()[key] = value;
            else parent.AsArray()[last.Index] = value;
        }
        return replacements is not null;
    }

    /// <summary>A member of an object or an array at <paramref name="depth"/>, once its container's own rules are applied.</summary>
    private void Member(JsonElement child, int depth)
    {
        switch (child.ValueKind)
        {
            case JsonValueKind.String:
                if (MayHoldCardNumber(child) && child.GetString() is { } text && CardNumbers.Contains(text)) Replace(CardNumbers.Mask(text));
                break;
            case JsonValueKind.Number:
                if (IsCardNumber(child)) Replace(PiiScrubber.Filtered);
                break;
            case JsonValueKind.Object:
                Object(child, depth + 1);
                break;
            case JsonValueKind.Array:
                Array(child, depth + 1);
                break;
        }
    }

    private void Object(JsonElement obj, int depth)
    {
        if (depth > PiiScrubber.MaxDepth) return;
        // {"key": k, "value": v} entries (tags, headers) are scrubbed by their key too.
        var valueFiltered = obj.TryGetProperty("key"u8, out var entryKey) && entryKey.ValueKind == JsonValueKind.String
            && rules.IsSensitiveKey(entryKey.GetString()!) && obj.TryGetProperty("value"u8, out _);
        foreach (var property in obj.EnumerateObject())
        {
            position.Add((property, -1));
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                // A null value is left alone, unless the entry's key filtered it.
                if (valueFiltered && property.NameEquals("value"u8)) Replace(PiiScrubber.Filtered);
            }
            else if (IsSensitiveName(property) || (valueFiltered && property.NameEquals("value"u8)))
                Replace(PiiScrubber.Filtered);
            else
                Member(property.Value, depth);
            position.RemoveAt(position.Count - 1);
        }
    }

    private void Array(JsonElement array, int depth)
    {
        if (depth > PiiScrubber.MaxDepth) return;
        // [key, value] pairs (tags, headers, query strings) are scrubbed by their key.
        if (array.GetArrayLength() == 2 && array[0] is { ValueKind: JsonValueKind.String } pairKey && rules.IsSensitiveKey(pairKey.GetString()!))
        {
            position.Add((default, 1));
            Replace(PiiScrubber.Filtered);
            position.RemoveAt(position.Count - 1);
            return;
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            position.Add((default, index++));
            Member(item, depth);
            position.RemoveAt(position.Count - 1);
        }
    }

    private void Replace(string value)
    {
        var path = new Step[position.Count];
        for (var i = 0; i < path.Length; i++)
        {
            var (property, index) = position[i];
            path[i] = index >= 0 ? new Step(null, index) : new Step(property.Name, -1);
        }
        (replacements ??= []).Add((path, value));
    }

    /// <summary>Whether the key is sensitive, judged on the name as written when it needs no unescaping (no string is made).</summary>
    private bool IsSensitiveName(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > 256 || raw.Contains((byte)'\\')) return rules.IsSensitiveKey(property.Name);
        Span<char> name = stackalloc char[256];
        var length = Encoding.UTF8.GetChars(raw, name);
        return rules.IsSensitiveKey(name[..length]);
    }

    /// <summary>
    /// False only when the string cannot hold a card number: plain ASCII as written (no escapes) with fewer than 13
    /// digits. Anything else is read and searched as the node walk does.
    /// </summary>
    private static bool MayHoldCardNumber(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        if (raw.Length < 15) return false; // 13 characters between the quotes, and an escape is longer than what it stands for
        if (raw.Contains((byte)'\\') || !Ascii.IsValid(raw)) return true;
        var digits = 0;
        foreach (var b in raw)
            if (b is >= (byte)'0' and <= (byte)'9' && ++digits >= 13) return true;
        return false;
    }

    /// <summary>A card number sent as a JSON number, as <see cref="PiiScrubber"/> judges one.</summary>
    private static bool IsCardNumber(JsonElement number)
    {
        var raw = JsonMarshal.GetRawUtf8Value(number);
        // As CardNumbers.InNumber decides, without making a string of the many numbers that cannot be one.
        return (raw.Length >= 13 || raw.IndexOfAny((byte)'e', (byte)'E') >= 0) && CardNumbers.InNumber(Encoding.UTF8.GetString(raw));
    }
}
