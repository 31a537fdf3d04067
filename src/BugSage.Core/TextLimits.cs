namespace BugSage.Core;

/// <summary>Cuts SDK-supplied text to the length its column or field allows.</summary>
public static class TextLimits
{
    public static string Truncate(this string s, int max) => s.Length > max ? s[..max] : s;
}
