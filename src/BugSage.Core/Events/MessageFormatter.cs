using System.Text;
using System.Text.Json.Nodes;

namespace BugSage.Core.Events;

/// <summary>Builds an event's message from <c>logentry</c>/<c>message</c>, filling printf-style or indexed params.</summary>
internal static class MessageFormatter
{
    public static string? Format(JsonNode? logentry, JsonNode? message)
    {
        foreach (var candidate in new[] { logentry, message })
        {
            switch (candidate)
            {
                case JsonValue v when v.Str() is { } s:
                    return s;
                case JsonObject o:
                    if (o.Str("formatted") is { } formatted) return formatted;
                    if (o.Str("message") is { } template)
                        return o["params"] is { } p ? Fill(template, p) : template;
                    break;
            }
        }
        return null;
    }

    internal static string Fill(string template, JsonNode parameters)
    {
        var positional = parameters is JsonArray array ? array.Select(x => x.Str() ?? "null").ToList() : [];
        var named = parameters as JsonObject;
        var sb = new StringBuilder(template.Length + 32);
        var next = 0;
        // The parameters can make the message far longer than the template; what is kept is cut anyway.
        for (var i = 0; i < template.Length && sb.Length < EventNormalizer.MaxMessageLength; i++)
        {
            var c = template[i];
            if (c == '%' && i + 1 < template.Length)
            {
                var spec = template[i + 1];
                if (spec == '%') { sb.Append('%'); i++; continue; }
                if (spec == '(' && named is not null && template.IndexOf(')', i) is var close and > 0 && close + 1 < template.Length)
                {
                    var name = template[(i + 2)..close];
                    sb.Append(named[name].Str() ?? "null");
                    i = close + 1;
                    continue;
                }
                if ("sdifrx".Contains(spec, StringComparison.Ordinal) && next < positional.Count)
                {
                    sb.Append(positional[next++]);
                    i++;
                    continue;
                }
            }
            if (c == '{' && template.IndexOf('}', i) is var end and > 0)
            {
                var inner = template[(i + 1)..end];
                if (int.TryParse(inner, out var index) && index >= 0 && index < positional.Count)
                {
                    sb.Append(positional[index]);
                    i = end;
                    continue;
                }
                if (inner.Length == 0 && next < positional.Count)
                {
                    sb.Append(positional[next++]);
                    i = end;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
