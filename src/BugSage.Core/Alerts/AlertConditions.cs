using System.Text.RegularExpressions;
using BugSage.Core.Events;
using System.ComponentModel.DataAnnotations;
using BugSage.Core.Releases;
using BugSage.Core.Validation;

namespace BugSage.Core.Alerts;

/// <summary>
/// A rule's "if": every part given must hold for the event and its issue (lists match any of their
/// values; <see cref="Assigned"/> true means assigned to someone, false unassigned; the issue's age
/// counts from its first event).
/// The patterns are matched over bounded text with a time limit (<see cref="UntrustedText"/>):
/// event text comes from anyone holding a DSN.
/// </summary>
public sealed record AlertConditions(
    [MaxLength(10), EachMaxLength(16)] IReadOnlyList<string>? Levels = null,
    [MaxLength(50), EachMaxLength(256)] IReadOnlyList<string>? Environments = null,
    [MaxLength(50), EachMaxLength(ReleaseVersions.MaxLength)] IReadOnlyList<string>? Releases = null,
    [MaxLength(20), EachMaxLength(200)] IReadOnlyDictionary<string, string>? Tags = null,
    [MaxLength(AlertConditions.MaxPatternLength)] string? CulpritPattern = null,
    [MaxLength(AlertConditions.MaxPatternLength)] string? MessagePattern = null,
    [MaxLength(20), EachMaxLength(64)] IReadOnlyList<string>? Platforms = null,
    bool? Assigned = null,
    int? MinIssueAgeMinutes = null,
    int? MaxIssueAgeMinutes = null)
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
        if ((Levels?.Count ?? 0) > 10 || (Environments?.Count ?? 0) > 50 || (Releases?.Count ?? 0) > 50 || (Tags?.Count ?? 0) > 20 || (Platforms?.Count ?? 0) > 20)
            return "at most 10 levels, 50 environments, 50 releases, 20 tags and 20 platforms";
        if (MinIssueAgeMinutes is < 0 || MaxIssueAgeMinutes is < 1 || MinIssueAgeMinutes >= MaxIssueAgeMinutes)
            return "minIssueAgeMinutes: 0 or more; maxIssueAgeMinutes: 1 or more, and above the minimum";
        return null;
    }

    /// <summary>The conditions ready to test events, patterns compiled once.</summary>
    public Matcher ToMatcher() => new(this, CulpritPattern is null ? null : Compile(CulpritPattern), MessagePattern is null ? null : Compile(MessagePattern));

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking, MatchTimeout);

    public sealed class Matcher(AlertConditions conditions, Regex? culprit, Regex? message)
    {
        /// <param name="issue">The issue as it stands after the event.</param>
        public bool Matches(NormalizedEvent e, IssueFacts issue, DateTime now)
        {
            if (!In(conditions.Levels, e.Level) || !In(conditions.Environments, e.Environment) || !In(conditions.Releases, e.Release)) return false;
            if (!In(conditions.Platforms, e.Platform)) return false;
            if (conditions.Assigned is { } assigned && assigned != issue.Assigned) return false;
            var age = now - issue.FirstSeen;
            if (conditions.MinIssueAgeMinutes is { } min && age < TimeSpan.FromMinutes(min)) return false;
            if (conditions.MaxIssueAgeMinutes is { } max && age > TimeSpan.FromMinutes(max)) return false;
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

/// <summary>What the issue conditions read of an issue: when it was first seen, and whether someone has it.</summary>
public readonly record struct IssueFacts(DateTime FirstSeen, bool Assigned)
{
    public static IssueFacts Of(Issues.Issue issue, DateTime? firstSeenInBatch = null) =>
        new(firstSeenInBatch is { } batch && (issue.FirstSeen == default || batch < issue.FirstSeen) ? batch : issue.FirstSeen, issue.AssigneeId.HasValue);
}
