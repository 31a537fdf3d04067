using BugSage.Server.Analytics;

namespace BugSage.Server.Reports;

/// <summary>
/// What a report says, whatever its format: a heading and sections, each one table. Every writer
/// (<see cref="HtmlReportWriter"/>, <see cref="CsvReportWriter"/>, <see cref="XlsxReportWriter"/>,
/// <see cref="PdfReportWriter"/>) draws these same tables, so the numbers agree across formats.
/// Cells keep their type: numbers stay numbers, and text (issue titles are a sender's text) stays text.
/// </summary>
public sealed record ReportDocument(string Title, string Scope, DateTime From, DateTime To, DateTime PreviousFrom, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>The period as the heading shows it; the end is exclusive, so the last day shown is the day before it.</summary>
    public string Period => $"{From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC (compared with {PreviousFrom:yyyy-MM-dd HH:mm} to {From:yyyy-MM-dd HH:mm})";
}

/// <summary>
/// One table of a report: its name (a worksheet's, a CSV block's), column headings and rows; the formats that show
/// pictures (HTML, PDF) draw its <paramref name="Charts"/> above the table, which keeps the same numbers.
/// </summary>
public sealed record ReportSection(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyList<ReportChart>? Charts = null);

/// <summary>
/// Turns the analytics answers for a period and the period before it into a report's sections: the
/// same model <c>GET …/analytics</c> answers, so a report and the API never disagree.
/// </summary>
public static class ReportSections
{
    public static ReportDocument Of(string title, string scope, AnalyticsDto now, AnalyticsDto before) => new(title, scope, now.From, now.To, before.From,
    [
        Summary(now, before),
        PerDay(now),
        new("New issues", ["Issue", "Title", "First seen (UTC)", "Events"],
            [.. now.TopNew.Select(i => Row(i.ShortId, i.Title, i.FirstSeen.ToString("yyyy-MM-dd HH:mm"), i.Count))]),
        new("Fixed", ["Resolved issues", "Mean hours to resolve", "Median hours to resolve"],
            [Row(now.Resolution.ResolvedIssues, Hours(now.Resolution.MeanHoursToResolve), Hours(now.Resolution.MedianHoursToResolve))]),
        new("Top recurring", ["Issue", "Title", "Events"], [.. now.TopRecurring.Select(i => Row(i.ShortId, i.Title, i.Events))]),
        new("Releases", ["Release", "Events", "Errors", "New issues", "Regressions", "Errors per 1000 events", "Sessions", "Crash-free sessions %", "Crash-free users %"],
            [.. now.Releases.Select(r => Row(r.Release, r.Events, r.Errors, r.NewIssues, r.Regressions, Hours(r.ErrorsPer1000Events),
                r.Sessions, Hours(r.CrashFreeSessions), Hours(r.CrashFreeUsers)))]),
        new("Autofix", ["Fix sessions", "Validated fixes", "Mitigations", "Approvals", "Merged pull requests", "Median hours first event to merged fix"],
            [Row(now.Autofix.Sessions, now.Autofix.ValidatedFixes, now.Autofix.Mitigations, now.Autofix.Approvals, now.Autofix.MergedPullRequests,
                Hours(now.Autofix.MedianHoursFirstEventToMergedFix))]),
    ]);

    /// <summary>What broke, regressed and got fixed, this period beside the previous one.</summary>
    private static ReportSection Summary(AnalyticsDto now, AnalyticsDto before)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            Compare("Events", now.Totals.Events, before.Totals.Events),
            Compare("Errors", now.Totals.Errors, before.Totals.Errors),
            Compare("New issues", now.Totals.NewIssues, before.Totals.NewIssues),
            Compare("Regressions", now.Totals.Regressions, before.Totals.Regressions),
            Compare("Resolved", now.Totals.Resolved, before.Totals.Resolved),
            Compare("Users affected", now.Totals.Users, before.Totals.Users),
            Compare("Mean hours to resolve", Hours(now.Resolution.MeanHoursToResolve), Hours(before.Resolution.MeanHoursToResolve)),
            Compare("Median hours to resolve", Hours(now.Resolution.MedianHoursToResolve), Hours(before.Resolution.MedianHoursToResolve)),
            Compare("Fix sessions", now.Autofix.Sessions, before.Autofix.Sessions),
            Compare("Validated fixes", now.Autofix.ValidatedFixes, before.Autofix.ValidatedFixes),
            Compare("Merged pull requests", now.Autofix.MergedPullRequests, before.Autofix.MergedPullRequests),
        };
        return new("Summary", ["Measure", "This period", "Previous period", "Change"], rows);
    }

    /// <summary>The period day by day, as a table and as charts of what arrived, how issues moved, and who was affected.</summary>
    private static ReportSection PerDay(AnalyticsDto now)
    {
        var days = now.Series.Select(p => p.Start).ToList();
        ReportChartSeries Line(string name, Func<AnalyticsPoint, long> value) => new(name, [.. now.Series.Select(value)]);
        ReportChart[] charts =
        [
            new("Events per day", days, [Line("Events", p => p.Events), Line("Errors", p => p.Errors)]),
            new("Issues per day", days, [Line("New", p => p.NewIssues), Line("Regressed", p => p.Regressions), Line("Resolved", p => p.Resolved)]),
            new("Users affected per day", days, [Line("Users", p => p.Users)]),
        ];
        return new("Per day", ["Day (UTC)", "Events", "Errors", "New issues", "Regressions", "Resolved", "Users affected"],
            [.. now.Series.Select(p => Row(p.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Events, p.Errors, p.NewIssues, p.Regressions, p.Resolved, p.Users))], charts);
    }

    private static IReadOnlyList<object?> Compare(string measure, long now, long before) => Row(measure, now, before, now - before);

    private static IReadOnlyList<object?> Compare(string measure, double? now, double? before) =>
        Row(measure, now, before, now is { } n && before is { } b ? Math.Round(n - b, 2) : null);

    /// <summary>Two decimals: enough for hours, and the same in every format.</summary>
    private static double? Hours(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;

    /// <summary>A cell as text: numbers in the invariant culture, an absent value as empty.</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
