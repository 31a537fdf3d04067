namespace BugSage.Core;

/// <summary>Cuts SDK-supplied text to the length its column or field allows, in a form every database stores.</summary>
public static class TextLimits
{
    /// <summary>At most <paramref name="max"/> UTF-16 units, never half a surrogate pair.</summary>
    public static string Truncate(this string s, int max)
    {
        if (s.Length <= max) return s;
        var cut = max > 0 && char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return s[..cut];
    }

    /// <summary>The last <paramref name="max"/> UTF-16 units of a log, trimmed, marked as cut when it was; never half a surrogate pair.</summary>
    public static string Tail(this string s, int max)
    {
        if (s.Length <= max) return s.Trim();
        var from = s.Length - max;
        if (char.IsLowSurrogate(s[from])) from++;
        return "[…]\n" + s[from..].Trim();
    }

    /// <summary>
    /// The text with NUL (PostgreSQL refuses it in <c>text</c>) and unpaired surrogates (no UTF-8 encodes
    /// them) replaced by U+FFFD, so whatever a client sent can be written to any column.
    /// </summary>
    public static string Storable(this string s)
    {
        var span = s.AsSpan();
        if (span.IndexOf('\0') < 0 && span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return s;
        return string.Create(s.Length, s, static (dest, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                if (char.IsHighSurrogate(c) && i + 1 < src.Length && char.IsLowSurrogate(src[i + 1]))
                {
                    dest[i] = c;
                    dest[++i] = src[i];
                }
                else dest[i] = c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c;
            }
        });
    }
}
