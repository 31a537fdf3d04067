using System.Globalization;
using BugSage.Core.Analytics;
using BugSage.Core.Issues.Search;
using BugSage.Server.Analytics;

namespace BugSage.Server.Dashboard.Analytics;

/// <summary>A total of this period beside the same total of the period before it.</summary>
public sealed record ComparedTotal(string Label, long Now, long Before)
{
    /// <summary>"+12% on the previous period", "no change", or "new" when there was nothing before.</summary>
    public string Change => (Now, Before) switch
    {
        var (n, b) when n == b => "no change",
        (_, 0) => "none the period before",
        var (n, b) => $"{(n > b ? "+" : "−")}{Math.Abs((n - b) * 100.0 / b).ToString("0", CultureInfo.InvariantCulture)}% on the period before",
    };

    /// <summary>Whether the change is bad news (more errors), good news (more resolved), or neither, for its colour.</summary>
    public string Tone(bool higherIsBetter) => Now == Before ? "neutral" : (Now > Before) == higherIsBetter ? "good" : "bad";
}

/// <summary>The Analytics page's charts and comparisons, built from one period's answer and the period before it.</summary>
public sealed class AnalyticsView(AnalyticsDto now, AnalyticsDto? before, long projectId)
{
    public AnalyticsDto Now => now;

    public IReadOnlyList<(ComparedTotal Total, bool HigherIsBetter)> Totals =>
    [
        (new("events", now.Totals.Events, before?.Totals.Events ?? 0), false),
        (new("errors", now.Totals.Errors, before?.Totals.Errors ?? 0), false),
        (new("new issues", now.Totals.NewIssues, before?.Totals.NewIssues ?? 0), false),
        (new("regressions", now.Totals.Regressions, before?.Totals.Regressions ?? 0), false),
        (new("resolved", now.Totals.Resolved, before?.Totals.Resolved ?? 0), true),
        (new("users affected (estimate)", now.Totals.Users, before?.Totals.Users ?? 0), false),
    ];

    private string[] Labels => [.. now.Series.Select(p => Label(p.Start))];

    private string Label(DateTime start) => start.ToString(now.Interval == "hour" ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public AnalyticsChart Events => new("events", "Events and errors", "line", Labels,
    [
        new("events", "--accent", [.. now.Series.Select(p => (double)p.Events)]),
        new("errors", "--danger", [.. now.Series.Select(p => (double)p.Errors)]),
    ]);

    /// <summary>Each interval links to the issues first seen in it: the drill-down from a point to what is behind it.</summary>
    public AnalyticsChart Issues => new("issues", "New, regressed and resolved issues", "bar", Labels,
    [
        new("new", "--accent", [.. now.Series.Select(p => (double)p.NewIssues)]),
        new("regressed", "--warning", [.. now.Series.Select(p => (double)p.Regressions)]),
        new("resolved", "--success", [.. now.Series.Select(p => (double)p.Resolved)]),
    ], [.. now.Series.Select(p => IssuesFirstSeen(p.Start, End(p.Start)))]);

    public AnalyticsChart Users => new("users", "Users affected (estimate)", "line", Labels,
        [new("users", "--info", [.. now.Series.Select(p => (double)p.Users)])]);

    public AnalyticsChart Ages => new("ages", "Unresolved issues by age", "bar", [.. now.IssuesByAge.Select(a => a.Age)],
        [new("issues", "--accent", [.. now.IssuesByAge.Select(a => (double)a.Issues)])], LabelHeading: "age");

    public AnalyticsChart Releases => new("releases", "Releases compared", "bar", [.. now.Releases.Select(r => r.Release)],
    [
        new("new issues", "--accent", [.. now.Releases.Select(r => (double)r.NewIssues)]),
        new("regressions", "--warning", [.. now.Releases.Select(r => (double)r.Regressions)]),
        new("errors per 1,000 events", "--danger", [.. now.Releases.Select(r => Math.Round(r.ErrorsPer1000Events ?? 0, 1))], Rate: true),
    ], [.. now.Releases.Select(r => r.Release == RollupDimensions.Other ? null
        : $"/projects/{projectId}/issues?status=all&query={Uri.EscapeDataString("release:" + IssueQuery.Quote(r.Release))}")], LabelHeading: "release");

    private DateTime End(DateTime start) => now.Interval switch { "hour" => start.AddHours(1), "day" => start.AddDays(1), _ => start.AddDays(7) };

    private string IssuesFirstSeen(DateTime from, DateTime to) =>
        $"/projects/{projectId}/issues?status=all&query={Uri.EscapeDataString($"firstSeen:>={Instant(from)} firstSeen:<{Instant(to)}")}";

    private static string Instant(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Hours(double? hours) => hours switch
    {
        null => "—",
        < 1 => $"{Math.Round(hours.Value * 60).ToString(CultureInfo.InvariantCulture)} min",
        < 48 => $"{hours.Value.ToString("0.#", CultureInfo.InvariantCulture)} h",
        _ => $"{(hours.Value / 24).ToString("0.#", CultureInfo.InvariantCulture)} days",
    };
}
