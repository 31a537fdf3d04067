namespace BugSage.Core.Releases;

/// <summary>
/// What a release version may be when a pipeline names one: Sentry's rules, so a version that
/// works with Sentry works here. Versions SDKs send with events are stored as they come (truncated
/// to <see cref="MaxLength"/>); these rules guard only the versions the release API creates.
/// </summary>
public static class ReleaseVersions
{
    /// <summary>The column's length; events' releases are cut to it.</summary>
    public const int MaxLength = 250;

    /// <summary>The longest version the release API accepts.</summary>
    public const int MaxCreatedLength = 200;

    /// <summary>Why <paramref name="version"/> cannot name a release, or null when it can.</summary>
    public static string? Problem(string? version)
    {
        if (string.IsNullOrWhiteSpace(version)) return "a release needs a version";
        if (version.Length > MaxCreatedLength) return $"a version has at most {MaxCreatedLength} characters";
        if (version is "." or ".." || version.Equals("latest", StringComparison.OrdinalIgnoreCase)) return $"'{version}' cannot be a version";
        if (version.Trim() != version) return "a version does not start or end with white space";
        // A slash or backslash would not survive a URL path; control characters would not survive a log line.
        if (version.Any(c => c is '/' or '\\' || char.IsControl(c))) return "a version has no slashes, backslashes or control characters";
        return null;
    }
}
