using ScottPlot;

namespace BugSage.Server.Reports;

/// <summary>
/// Draws a <see cref="ReportChart"/> as a PNG with ScottPlot (on SkiaSharp, whose self-contained Linux natives need
/// nothing from the system). The cost is bounded whatever the period: a fixed size, and at most <see cref="MaxPoints"/>
/// points a series (longer series are summed into wider buckets). Text is drawn in DejaVu Sans from the report font
/// folder when it is there, so the picture looks the same on every server; without it ScottPlot's own choice is used,
/// since an HTML report must not fail for want of a font.
/// </summary>
public static class ReportChartPainter
{
    public const int Width = 800;
    public const int Height = 320;
    internal const int MaxPoints = 200;
    private const string FontName = "DejaVu Sans";

    /// <summary>Colour-blind-safe and distinct in greyscale print: blue, orange, green, then purple.</summary>
    private static readonly Color[] Palette = [Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7")];

    private static readonly Lock FontGate = new();
    private static bool fontAdded;

    public static byte[] Png(ReportChart chart, string fontDirectory)
    {
        var font = UseFont(fontDirectory);
        var plot = new Plot();
        if (font) plot.Font.Set(FontName);
        plot.Title(chart.Title, size: 16);
        var (days, series) = Capped(chart);
        var xs = days.Select(d => d.ToOADate()).ToArray();
        var top = 0L;
        for (var i = 0; i < series.Count; i++)
        {
            var ys = series[i].Values.Select(v => (double)v).ToArray();
            top = Math.Max(top, series[i].Values.DefaultIfEmpty().Max());
            var line = plot.Add.Scatter(xs, ys, Palette[i % Palette.Length]);
            line.LegendText = series[i].Name;
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 62 ? 6 : 0;
        }
        // Days in ISO form whatever the server's culture, and whole numbers only: these are counts.
        var bottom = plot.Axes.DateTimeTicksBottom();
        bottom.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic
        {
            LabelFormatter = d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // Counts start at zero, and a period with nothing in it still has an axis to read "0" from.
        plot.Axes.SetLimitsY(0, Math.Max(1, top * 1.1));
        if (xs.Length > 0) plot.Axes.SetLimitsX(xs[0] - 0.5, xs[^1] + 0.5);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The chart's days and series with at most <see cref="MaxPoints"/> points: neighbouring days summed, each bucket dated by its first day.</summary>
    internal static (IReadOnlyList<DateTime> Days, IReadOnlyList<ReportChartSeries> Series) Capped(ReportChart chart)
    {
        if (chart.Days.Count <= MaxPoints) return (chart.Days, chart.Series);
        var width = (chart.Days.Count + MaxPoints - 1) / MaxPoints;
        var days = chart.Days.Where((_, i) => i % width == 0).ToList();
        var series = chart.Series.Select(s => new ReportChartSeries(s.Name,
            [.. s.Values.Select((v, i) => (v, i)).GroupBy(p => p.i / width).Select(g => g.Sum(p => p.v))])).ToList();
        return (days, series);
    }

    /// <summary>Registers DejaVu Sans with ScottPlot (a process-wide list) once; whether it can be used.</summary>
    private static bool UseFont(string directory)
    {
        lock (FontGate)
        {
            if (fontAdded) return true;
            var regular = Path.Combine(directory, "DejaVuSans.ttf");
            var bold = Path.Combine(directory, "DejaVuSans-Bold.ttf");
            if (!File.Exists(regular) || !File.Exists(bold)) return false;
            Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
            Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
            fontAdded = true;
            return true;
        }
    }
}
