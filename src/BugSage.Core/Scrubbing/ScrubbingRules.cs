using BugSage.Core.Configuration;

namespace BugSage.Core.Scrubbing;

/// <summary>A project's scrubbing settings, resolved once per digest batch.</summary>
public sealed class ScrubbingRules
{
    public static readonly ScrubbingRules Default = new([], [], scrubIpAddresses: false);

    private readonly string[] sensitiveFragments;
    private readonly HashSet<string> safeKeys;
    // Events repeat their keys (frame fields, contexts, headers), so each key is judged once per rules object: a project's
    // batch, or the whole process for the defaults. Bounded, since keys come from clients.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> judged = new(StringComparer.Ordinal);
    private const int MostJudged = 4096, LongestJudged = 64;
    private int judgedCount; // beside the set: its own Count takes every lock

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
        if (judged.TryGetValue(key, out var sensitive)) return sensitive;
        sensitive = Judge(key);
        if (key.Length <= LongestJudged && Volatile.Read(ref judgedCount) < MostJudged && judged.TryAdd(key, sensitive))
            Interlocked.Increment(ref judgedCount);
        return sensitive;
    }

    /// <summary>The same judgment for a key not yet made a string: only a key never judged before is.</summary>
    public bool IsSensitiveKey(ReadOnlySpan<char> key) =>
        judged.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var sensitive) ? sensitive : IsSensitiveKey(key.ToString());

    private bool Judge(string key)
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
