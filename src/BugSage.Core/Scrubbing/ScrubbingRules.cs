using BugSage.Core.Configuration;

namespace BugSage.Core.Scrubbing;

/// <summary>A project's scrubbing settings, resolved once per digest batch.</summary>
public sealed class ScrubbingRules
{
    public static readonly ScrubbingRules Default = new([], [], scrubIpAddresses: false);

    private readonly string[] sensitiveFragments;
    private readonly HashSet<string> safeKeys;

    public ScrubbingRules(IEnumerable<string> extraSensitive, IEnumerable<string> safeFields, bool scrubIpAddresses)
    {
        sensitiveFragments = [.. ScrubbingDefaults.SensitiveKeyFragments, .. extraSensitive.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0)];
        safeKeys = new HashSet<string>(safeFields.Select(s => s.Trim()).Where(s => s.Length > 0), StringComparer.OrdinalIgnoreCase);
        ScrubIpAddresses = scrubIpAddresses;
    }

    public bool ScrubIpAddresses { get; }

    public static ScrubbingRules ForProject(string? sensitiveFields, string? safeFields, bool scrubIpAddresses) =>
        new(Split(sensitiveFields), Split(safeFields), scrubIpAddresses);

    public bool IsSensitiveKey(string key)
    {
        if (safeKeys.Contains(key)) return false;
        var lower = key.ToLowerInvariant().Replace('-', '_');
        foreach (var fragment in sensitiveFragments)
            if (lower.Contains(fragment, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool IsSensitiveHeader(string name) =>
        !safeKeys.Contains(name) && ScrubbingDefaults.SensitiveHeaders.Contains(name.ToLowerInvariant());

    private static string[] Split(string? list) =>
        list is null ? [] : list.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
