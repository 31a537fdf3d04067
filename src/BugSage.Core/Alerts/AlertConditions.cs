using System.Text.RegularExpressions;
using BugSage.Core.Events;

namespace BugSage.Core.Alerts;

/// <summary>
/// A rule's "if": every part given must hold for the event (lists match any of their values).
/// The patterns are matched over bounded text with a time limit (<see cref="UntrustedText"/>):
/// event text comes from anyone holding a DSN.
/// </summary>
public sealed record AlertConditions(
    IReadOnlyList<string>? Levels = null,
    IReadOnlyList<string>? Environments = null,
    IReadOnlyList<string>? Releases = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? CulpritPattern = null,
    string? MessagePattern = null)
{
    public const int MaxPatternLength = 500;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>Why the conditions cannot be used, or null when they can.</summary>
    public string? Problem()
    {
        foreach (var (name, pattern) in new[] { ("culpritPattern", CulpritPattern), ("messagePattern", MessagePattern) })
        {
            if (pattern is null) continue;
            if (pattern.Length > MaxPatternLength) return $"{name}: at most {MaxPatternLength} characters";
            try { _ = Compile(pattern); }
            // NonBacktracking refuses what it cannot bound (backreferences, lookarounds) with NotSupportedException.
            catch (Exception e) when (e is ArgumentException or NotSupportedException) { return $"{name}: {e.Message}"; }
        }
        if ((Levels?.Count ?? 0) > 10 || (Environments?.Count ?? 0) > 50 || (Releases?.Count ?? 0) > 50 || (Tags?.Count ?? 0) > 20)
            return "at most 10 levels, 50 environments, 50 releases and 20 tags";
        return null;
    }

    /// <summary>The conditions ready to test events, patterns compiled once.</summary>
    public Matcher ToMatcher() => new(this, CulpritPattern is null ? null : Compile(CulpritPattern), MessagePattern is null ? null : Compile(MessagePattern));

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking, MatchTimeout);

    public sealed class Matcher(AlertConditions conditions, Regex? culprit, Regex? message)
    {
        public bool Matches(NormalizedEvent e)
        {
            if (!In(conditions.Levels, e.Level) || !In(conditions.Environments, e.Environment) || !In(conditions.Releases, e.Release)) return false;
            foreach (var (key, value) in conditions.Tags ?? new Dictionary<string, string>())
                if (!e.Tags.Any(t => t.Key == key && t.Value == value)) return false;
            if (culprit is not null && !UntrustedText.IsMatch(culprit, e.Culprit ?? "")) return false;
            if (message is not null && !UntrustedText.IsMatch(message, MessageOf(e))) return false;
            return true;
        }

        private static bool In(IReadOnlyList<string>? allowed, string? value) =>
            allowed is not { Count: > 0 } || (value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase));

        /// <summary>What people read as the error's message: the logged message, else the exception's type and value.</summary>
        private static string MessageOf(NormalizedEvent e) =>
            e.Message ?? (e.MainException is { } x ? $"{x.Type}: {x.Value}" : e.Title);
    }
}
