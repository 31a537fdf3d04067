namespace BugSage.Server.Releases;

/// <summary>Release versions in URL paths.</summary>
public static class VersionSegments
{
    /// <summary>
    /// The version a path segment names. Routing decodes every escape but <c>%2F</c> (a slash
    /// would split the path), and versions SDKs send may hold slashes.
    /// </summary>
    public static string FromRoute(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
