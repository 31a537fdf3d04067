using BugSage.Core.Issues.Search;

namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// A stretch of time before now as people say it ("in the last hour", "since yesterday", "this week",
/// "over 24h", "the past two weeks"), read into the search language's relative form.
/// </summary>
internal static class SpokenSpan
{
    private static readonly Dictionary<string, int> NumberWords = new()
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["twelve"] = 12, ["couple"] = 2, ["few"] = 3,
    };

    private static readonly HashSet<string> Lead = ["last", "past", "previous", "this", "per", "the"];

    /// <summary>The span the clause speaks of, or null; "today" and "yesterday" read as the last day.</summary>
    public static TimeSpan? Find(QuestionClause clause)
    {
        for (var i = 0; i < clause.Count; i++)
        {
            var word = clause[i];
            if (word is "today" or "yesterday" or "tonight" or "overnight") return TimeSpan.FromDays(1);
            if (word is "fortnight") return TimeSpan.FromDays(14);
            // Written the search language's way: 24h, 7d, -2w.
            if (word.Length > 1 && char.IsAsciiDigit(word[^2]) && IssueQuery.RelativeSpan(word) is { } compact) return compact;
            if (Unit(word) is not { } unit) continue;
            var before = clause[i - 1];
            if (QuestionReferences.Number(before) is { } n && n <= 10_000) return unit * n;
            if (NumberWords.TryGetValue(before, out var spoken)) return unit * spoken;
            if (Lead.Contains(before) && !word.EndsWith('s')) return unit;
        }
        return null;
    }

    /// <summary>The search language's form of a span: <c>-30m</c>, <c>-24h</c>, <c>-7d</c>.</summary>
    public static string Format(TimeSpan span) =>
        span.TotalHours % 1 != 0 ? $"-{Math.Max(1, (long)span.TotalMinutes)}m"
        : span <= TimeSpan.FromHours(48) || span.TotalDays % 1 != 0 ? $"-{(long)span.TotalHours}h"
        : $"-{(long)span.TotalDays}d";

    /// <summary>An issue histogram's period: hourly over a day, or daily for anything longer.</summary>
    public static string Period(TimeSpan span) => span <= TimeSpan.FromDays(1) ? "24h" : "14d";

    public static bool IsUnit(string word) => Unit(word) is not null;

    private static TimeSpan? Unit(string word) => word switch
    {
        "minute" or "minutes" or "min" or "mins" => TimeSpan.FromMinutes(1),
        "hour" or "hours" or "hr" or "hrs" => TimeSpan.FromHours(1),
        "day" or "days" => TimeSpan.FromDays(1),
        "week" or "weeks" or "wk" or "wks" => TimeSpan.FromDays(7),
        "month" or "months" => TimeSpan.FromDays(30),
        _ => null,
    };
}
