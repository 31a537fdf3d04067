using System.Globalization;
using System.Text;
using System.Text.Json;
using BugSage.Server.Reports;

namespace BugSage.Server.Dashboard.Analytics;

/// <summary>
/// One line of a chart: its name, the CSS colour variable it is drawn in (so light and dark follow the theme) and a value per label.
/// A <see cref="Rate"/> is read on an axis of its own at the right: errors per 1,000 events beside a count of two issues would
/// flatten the count to nothing on a shared axis.
/// </summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values, bool Rate = false);

/// <summary>
/// A chart of the Analytics page as data: drawn by chart.js from <see cref="Json"/>, shown as a table beside it for
/// screen readers and people who want the numbers, and downloadable as CSV. A label may carry a link to the issues
/// behind it (a click on the point follows it).
/// </summary>
public sealed record AnalyticsChart(string Id, string Title, string Kind, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string?>? Links = null, string LabelHeading = "interval start (UTC)")
{
    /// <summary>Inside a JSON script element: "&lt;" is escaped so no label (a release name is a sender's text) can close the element.</summary>
    public string Json => JsonSerializer.Serialize(new
    {
        kind = Kind,
        labels = Labels,
        series = Series.Select(s => new { name = s.Name, color = s.Color, values = s.Values, axis = s.Rate ? "rate" : "y" }),
        links = Links,
    }).Replace("<", "\\u003c", StringComparison.Ordinal);

    /// <summary>The chart's numbers as CSV (RFC 4180, text a spreadsheet would run as a formula made inert, as reports do).</summary>
    public string Csv()
    {
        var csv = new StringBuilder();
        CsvReportWriter.Line(csv, [LabelHeading, .. Series.Select(s => s.Name)]);
        for (var i = 0; i < Labels.Count; i++)
            CsvReportWriter.Line(csv, [CsvReportWriter.Inert(Labels[i]), .. Series.Select(s => s.Values[i].ToString(CultureInfo.InvariantCulture))]);
        return csv.ToString();
    }

    /// <summary>A download link that needs no script and no second request: the CSV itself, in the address.</summary>
    public string CsvDataUrl => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(Csv());

    public string FileName => $"{Id}.csv";
}
