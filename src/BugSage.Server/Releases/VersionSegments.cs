using Microsoft.AspNetCore.Http.Features;

namespace BugSage.Server.Releases;

/// <summary>Release versions in URL paths.</summary>
public static class VersionSegments
{
    /// <summary>
    /// The version a path segment names. Routing decodes every escape but <c>%2F</c> (a slash would
    /// split the path), and versions SDKs send may hold slashes (<c>feature/cart</c>) or, rarely, the
    /// text <c>%2F</c> itself; the request as sent tells the two apart.
    /// </summary>
    public static string FromRoute(string segment, HttpContext? context)
    {
        if (!segment.Contains("%2F", StringComparison.OrdinalIgnoreCase)) return segment;
        var target = context?.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is not null)
        {
            foreach (var raw in target.Split('?', 2)[0].Split('/'))
            {
                if (RoutingDecoded(raw) != segment) continue;
                try
                {
                    return Uri.UnescapeDataString(raw);
                }
                catch (UriFormatException)
                {
                    break;
                }
            }
        }
        return segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A raw segment as routing decodes it: every escape but an encoded slash.</summary>
    private static string RoutingDecoded(string raw)
    {
        try
        {
            return Uri.UnescapeDataString(raw.Replace("%2F", "%252F", StringComparison.Ordinal).Replace("%2f", "%252f", StringComparison.Ordinal));
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }
}
