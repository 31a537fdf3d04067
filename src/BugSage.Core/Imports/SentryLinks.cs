using System.Text.RegularExpressions;

namespace BugSage.Core.Imports;

/// <summary>
/// Reads Sentry's pagination: a <c>Link</c> header whose <c>rel="next"</c> part says, with
/// <c>results="true"</c>, that there is a next page and gives its <c>cursor</c>.
/// </summary>
public static partial class SentryLinks
{
    /// <summary>The cursor of the next page, or null when this was the last.</summary>
    public static string? NextCursor(IEnumerable<string> linkHeaders)
    {
        foreach (var header in linkHeaders)
        {
            foreach (var part in header.Split(','))
            {
                var attributes = Attribute().Matches(part).ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[2].Value);
                if (attributes.GetValueOrDefault("rel") != "next") continue;
                return attributes.GetValueOrDefault("results") == "true" && attributes.GetValueOrDefault("cursor") is { Length: > 0 and <= 200 } cursor ? cursor : null;
            }
        }
        return null;
    }

    [GeneratedRegex(@"([A-Za-z]+)=""([^""]*)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Attribute();
}
