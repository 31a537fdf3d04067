using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace BugSage.Server.Reports;

/// <summary>
/// A report as a PDF: the heading, then each section as a table drawn as text, on as many A4 pages as
/// it takes. A cell too long for its column is cut with an ellipsis. Fonts come from
/// <see cref="ReportFonts"/> (the DejaVu fonts of the system), embedded, so the file reads the same anywhere.
/// A section's charts are drawn as images the width of the text above its table.
/// </summary>
public static class PdfReportWriter
{
    private const double Margin = 40;
    private const double RowHeight = 14;

    public static byte[] Write(ReportDocument report, string fontDirectory)
    {
        ReportFonts.Use(fontDirectory);
        var regular = new XFont(ReportFonts.Family, 8);
        var bold = new XFont(ReportFonts.Family, 8, XFontStyleEx.Bold);
        var heading = new XFont(ReportFonts.Family, 14, XFontStyleEx.Bold);
        var sectionFont = new XFont(ReportFonts.Family, 11, XFontStyleEx.Bold);

        using var document = new PdfDocument();
        document.Info.Title = report.Title;
        var page = new Page(document);
        page.Line(report.Title, heading, 22);
        page.Line(report.Scope, regular, RowHeight);
        page.Line(report.Period, regular, RowHeight * 2);
        foreach (var section in report.Sections)
        {
            page.Room(RowHeight * 4);
            page.Line(section.Name, sectionFont, 18);
            foreach (var chart in section.Charts ?? [])
                page.Image(ReportChartPainter.Png(chart, fontDirectory), (double)ReportChartPainter.Height / ReportChartPainter.Width);
            var widths = Widths(section, page.Width);
            page.Row(section.Columns, widths, bold);
            if (section.Rows.Count == 0) page.Line("None in this period.", regular, RowHeight);
            foreach (var row in section.Rows)
            {
                page.Room(RowHeight);
                page.Row([.. row.Select(ReportSections.Text)], widths, regular);
            }
            page.Gap(RowHeight);
        }
        page.Dispose();
        using var file = new MemoryStream();
        document.Save(file, false);
        return file.ToArray();
    }

    /// <summary>A title column takes three shares of the width, every other column one.</summary>
    private static double[] Widths(ReportSection section, double width)
    {
        var shares = section.Columns.Select(c => c == "Title" ? 3.0 : 1.0).ToArray();
        return [.. shares.Select(s => width * s / shares.Sum())];
    }

    /// <summary>The page being drawn on, and where on it; a new page when the next line would not fit.</summary>
    private sealed class Page(PdfDocument document) : IDisposable
    {
        private XGraphics graphics = Start(document);
        private double y = Margin;

        public double Width => document.Pages[^1].Width.Point - 2 * Margin;

        private static XGraphics Start(PdfDocument document)
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            return XGraphics.FromPdfPage(page);
        }

        public void Room(double height)
        {
            if (y + height <= document.Pages[^1].Height.Point - Margin) return;
            graphics.Dispose();
            graphics = Start(document);
            y = Margin;
        }

        public void Line(string text, XFont font, double height)
        {
            Room(height);
            graphics.DrawString(Fit(text, font, Width), font, XBrushes.Black, new XRect(Margin, y, Width, height), XStringFormats.TopLeft);
            y += height;
        }

        public void Row(IReadOnlyList<string> cells, double[] widths, XFont font)
        {
            var x = Margin;
            for (var i = 0; i < cells.Count && i < widths.Length; i++)
            {
                graphics.DrawString(Fit(cells[i], font, widths[i] - 6), font, XBrushes.Black, new XRect(x, y, widths[i] - 6, RowHeight), XStringFormats.TopLeft);
                x += widths[i];
            }
            graphics.DrawLine(XPens.LightGray, Margin, y + RowHeight - 2, Margin + Width, y + RowHeight - 2);
            y += RowHeight;
        }

        public void Gap(double height) => y += height;

        /// <summary>A PNG across the text width, its height from <paramref name="aspect"/>, on the next page when it does not fit on this one.</summary>
        public void Image(byte[] png, double aspect)
        {
            var height = Width * aspect;
            Room(height + RowHeight);
            using var stream = new MemoryStream(png, writable: false);
            using var image = XImage.FromStream(stream);
            graphics.DrawImage(image, Margin, y, Width, height);
            y += height + RowHeight / 2;
        }

        private string Fit(string text, XFont font, double width) => FitText(text, width, t => graphics.MeasureString(t, font).Width);

        public void Dispose() => graphics.Dispose();
    }

    /// <summary>
    /// The text on one line within the width, cut with an ellipsis when it is longer. Cut only between text elements
    /// (what a reader sees as one character): a cut inside a surrogate pair or an emoji sequence leaves half a character,
    /// which the PDF's text encoding cannot write.
    /// </summary>
    internal static string FitText(string text, double width, Func<string, double> measure)
    {
        text = text.ReplaceLineEndings(" ");
        if (measure(text) <= width) return text;
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text, i)) starts.Add(i);
        // How many whole text elements fit before the ellipsis.
        var (low, high) = (0, starts.Count);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (measure(text[..End(mid)] + "…") <= width) low = mid;
            else high = mid - 1;
        }
        return text[..End(low)] + "…";

        int End(int elements) => elements == starts.Count ? text.Length : starts[elements];
    }
}
