namespace BugSage.Core.SourceMaps;

/// <summary>
/// Debug IDs as bundles and events carry them: a UUID, sometimes without hyphens, in either
/// case, sometimes with an appendix (<c>…-1a</c> for native images). Compared in one form.
/// </summary>
public static class DebugIds
{
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var text = id.Trim();
        // A native image's appendix after the UUID is not part of a JavaScript debug ID.
        if (text.Length > 36 && text[36] == '-') text = text[..36];
        return Guid.TryParse(text, out var guid) ? guid.ToString("D") : null;
    }
}
