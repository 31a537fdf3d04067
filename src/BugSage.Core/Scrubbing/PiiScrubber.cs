using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Scrubbing;

/// <summary>
/// Removes secrets and personal data from a raw event before anything of it is stored:
/// values under sensitive keys anywhere, credential headers and cookies, card numbers in
/// any string, and optionally the user's IP address.
/// </summary>
public static class PiiScrubber
{
    public const string Filtered = "[Filtered]";

    /// <summary>Nothing deeper is walked; ingestion refuses deeper JSON before it gets here.</summary>
    internal const int MaxDepth = 64;

    // The legacy interface names an SDK may still send, which the normalizer reads too: scrubbed as what they stand for.
    private static readonly string[] RequestNames = ["request", "sentry.interfaces.Http"];
    private static readonly string[] UserNames = ["user", "sentry.interfaces.User"];

    public static void Scrub(JsonObject evt, ScrubbingRules rules)
    {
        foreach (var name in RequestNames)
            if (evt[name] is JsonObject request) ScrubRequest(request, rules);
        if (rules.ScrubIpAddresses)
            foreach (var name in UserNames)
                if (evt[name] is JsonObject user) user.Remove("ip_address");
        ScrubNode(evt, rules, depth: 0);
    }

    /// <summary>
    /// The same scrub for an event read lazily over its parsed document (<paramref name="source"/>, the document's
    /// root): a request its own rules change, and the user when IP addresses go, are scrubbed on their nodes as above;
    /// the rest of the event is walked on the document by <see cref="ElementScrubber"/>, so that no node is built for what
    /// stays as it is. True when anything was replaced or removed: the document then no longer says what the event does.
    /// </summary>
    public static bool Scrub(JsonObject evt, JsonElement source, ScrubbingRules rules)
    {
        var walk = new ElementScrubber(rules);
        var changed = false;
        foreach (var member in source.EnumerateObject())
        {
            var request = IsOneOf(member, RequestNames);
            var onNodes = request ? RequestRulesApply(member.Value, rules) : rules.ScrubIpAddresses && IsOneOf(member, UserNames);
            if (onNodes && evt[member.Name] is JsonObject node)
            {
                if (request) ScrubRequest(node, rules);
                else node.Remove("ip_address");
                ScrubNode(node, rules, depth: 1);
                // Compared with what the document holds rather than told by each rule: a change no rule reported
                // would otherwise leave the unscrubbed document to be read.
                changed |= !JsonNode.DeepEquals(node, JsonObject.Create(member.Value));
            }
            else walk.TopLevel(member);
        }
        return walk.Apply(evt) | changed;
    }

    private static bool IsOneOf(JsonProperty member, string[] names)
    {
        foreach (var name in names)
            if (member.NameEquals(name)) return true;
        return false;
    }

    /// <summary>
    /// Whether <see cref="ScrubRequest"/> or the IP rule could change this request: cookies, a credential header, a query
    /// string, form data, or the client's address when IP addresses go. Errs towards yes: a request it passes over is
    /// only walked by the generic rules.
    /// </summary>
    private static bool RequestRulesApply(JsonElement request, ScrubbingRules rules)
    {
        if (request.ValueKind != JsonValueKind.Object) return false;
        if (request.TryGetProperty("cookies"u8, out _)) return true;
        if (request.TryGetProperty("url"u8, out var url) && url.ValueKind == JsonValueKind.String && url.GetString()!.Contains('?', StringComparison.Ordinal)) return true;
        if (request.TryGetProperty("query_string"u8, out var query) && query.ValueKind == JsonValueKind.String) return true;
        if (request.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.String) return true;
        if (rules.ScrubIpAddresses && request.TryGetProperty("env"u8, out var env) && env.ValueKind == JsonValueKind.Object) return true;
        if (!request.TryGetProperty("headers"u8, out var headers)) return false;
        if (headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
                if (rules.IsSensitiveHeader(header.Name)) return true;
        }
        else if (headers.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in headers.EnumerateArray())
            {
                var name = entry.ValueKind switch
                {
                    JsonValueKind.Array when entry.GetArrayLength() == 2 => entry[0],
                    JsonValueKind.Object when entry.TryGetProperty("key"u8, out var key) => key,
                    _ => default,
                };
                if (name.ValueKind == JsonValueKind.String && rules.IsSensitiveHeader(name.GetString()!)) return true;
            }
        }
        return false;
    }

    /// <summary>The request's own rules: cookies, credential headers, query strings and form data, and the client's address.</summary>
    private static void ScrubRequest(JsonObject request, ScrubbingRules rules)
    {
        if (rules.ScrubIpAddresses && request["env"] is JsonObject env) env.Remove("REMOTE_ADDR");
        if (request.ContainsKey("cookies")) request["cookies"] = Filtered;
        switch (request["headers"])
        {
            case JsonObject headers:
                foreach (var name in headers.Select(h => h.Key).Where(rules.IsSensitiveHeader).ToList())
                    headers[name] = Filtered;
                break;
            case JsonArray pairs:
                foreach (var pair in pairs.OfType<JsonArray>())
                    if (pair.Count == 2 && pair[0] is JsonValue name && name.TryGetValue<string>(out var n) && rules.IsSensitiveHeader(n))
                        pair[1] = Filtered;
                foreach (var entry in pairs.OfType<JsonObject>())
                    if (entry["key"] is JsonValue name && name.TryGetValue<string>(out var n) && rules.IsSensitiveHeader(n) && entry.ContainsKey("value"))
                        entry["value"] = Filtered;
                break;
        }
        if (request["url"] is JsonValue u && u.TryGetValue<string>(out var url) && url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
            request["url"] = url[..(q + 1)] + ScrubQueryString(url[(q + 1)..], rules);
        if (request["query_string"] is JsonValue qs && qs.TryGetValue<string>(out var query))
            request["query_string"] = ScrubQueryString(query, rules);
        if (request["data"] is JsonValue body && body.TryGetValue<string>(out var form) && form.Contains('=', StringComparison.Ordinal) && !form.TrimStart().StartsWith('{'))
            request["data"] = ScrubQueryString(form, rules);
    }

    private static string ScrubQueryString(string query, ScrubbingRules rules)
    {
        var parts = query.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && rules.IsSensitiveKey(Uri.UnescapeDataString(parts[i][..eq])))
                parts[i] = parts[i][..(eq + 1)] + Filtered;
        }
        return string.Join('&', parts);
    }

    /// <summary>A card number sent as a JSON number: it becomes text wherever a string is expected.</summary>
    private static bool IsCardNumber(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && CardNumbers.InNumber(value.ToJsonString());

    private static void ScrubNode(JsonNode node, ScrubbingRules rules, int depth)
    {
        if (depth > MaxDepth) return;
        switch (node)
        {
            case JsonObject obj:
                // {"key": k, "value": v} entries (tags, headers) are scrubbed by their key too.
                if (depth > 0 && obj["key"] is JsonValue entryKey && entryKey.TryGetValue<string>(out var entryName) && rules.IsSensitiveKey(entryName) && obj.ContainsKey("value"))
                    obj["value"] = Filtered;
                // By position: values are replaced in place, and no list of keys is copied for each object.
                for (var i = 0; i < obj.Count; i++)
                {
                    var (key, child) = obj.GetAt(i);
                    if (child is null) continue;
                    if (depth > 0 && rules.IsSensitiveKey(key))
                        obj.SetAt(i, Filtered);
                    else if (child is JsonValue v && v.TryGetValue<string>(out var s) && CardNumbers.Contains(s))
                        obj.SetAt(i, CardNumbers.Mask(s));
                    else if (child is JsonValue n && IsCardNumber(n))
                        obj.SetAt(i, Filtered);
                    else
                        ScrubNode(child, rules, depth + 1);
                }
                break;
            case JsonArray array:
                // [key, value] pairs (tags, headers, query strings) are scrubbed by their key.
                if (array.Count == 2 && array[0] is JsonValue k && k.TryGetValue<string>(out var pairKey) && rules.IsSensitiveKey(pairKey))
                {
                    array[1] = Filtered;
                    return;
                }
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    if (item is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        if (CardNumbers.Contains(s)) array[i] = CardNumbers.Mask(s);
                    }
                    else if (item is JsonValue n && IsCardNumber(n))
                        array[i] = Filtered;
                    else if (item is not null)
                        ScrubNode(item, rules, depth + 1);
                }
                break;
        }
    }
}
