using System.Globalization;

namespace BugSage.Server.Reports;

/// <summary>
/// A time series a report draws as a picture (<see cref="ReportChartPainter"/>) above the table that holds the same
/// numbers: the picture is for the eye, the table and <see cref="AltText"/> for everyone else and for copying.
/// </summary>
public sealed record ReportChart(string Title, IReadOnlyList<DateTime> Days, IReadOnlyList<ReportChartSeries> Series)
{
    /// <summary>What the chart shows in words, for screen readers and mail clients that block images: each series' total and its peak day.</summary>
    public string AltText
    {
        get
        {
            if (Days.Count == 0) return $"{Title}: no days in this period.";
            var span = $"{Title}, {Day(Days[0])} to {Day(Days[^1])}";
            var parts = Series.Select(s =>
            {
                var total = s.Values.Sum();
                if (total == 0) return $"{s.Name}: none";
                var peak = s.Values.Max();
                return $"{s.Name}: {total.ToString(CultureInfo.InvariantCulture)} in all, most on {Day(Days[s.Values.ToList().IndexOf(peak)])} ({peak.ToString(CultureInfo.InvariantCulture)})";
            });
            return $"{span}. {string.Join("; ", parts)}.";
        }
    }

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One line of a chart: its name in the legend and a value per day of the chart.</summary>
public sealed record ReportChartSeries(string Name, IReadOnlyList<long> Values);
