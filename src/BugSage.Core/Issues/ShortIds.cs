namespace BugSage.Core.Issues;

/// <summary>How people name an issue: its project's slug and its number in the project (<c>SHOP-12</c>).</summary>
public static class ShortIds
{
    public static string Format(string projectSlug, long number) => $"{projectSlug.ToUpperInvariant()}-{number}";
}
