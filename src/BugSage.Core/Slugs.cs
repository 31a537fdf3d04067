using System.Text;

namespace BugSage.Core;

/// <summary>URL-safe short names (<c>my-app</c>) for organizations and projects.</summary>
public static class Slugs
{
    public static string From(string name, int maxLength = 50)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= maxLength) break;
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "unnamed" : slug;
    }

    /// <summary>The slug, or the slug with the first free number appended (<c>app-2</c>).</summary>
    public static string Unique(string slug, IReadOnlyCollection<string> taken)
    {
        if (!taken.Contains(slug)) return slug;
        for (var i = 2; ; i++)
            if (!taken.Contains($"{slug}-{i}")) return $"{slug}-{i}";
    }
}
