namespace BugSage.Core.Processing.Digest;

/// <summary>Sentry event ids: 32 hex digits, sometimes sent as a dashed UUID.</summary>
public static class EventIds
{
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        var s = id.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (s.Length != 32) return null;
        foreach (var c in s)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return null;
        return s;
    }

    public static string New() => Guid.NewGuid().ToString("N");
}
