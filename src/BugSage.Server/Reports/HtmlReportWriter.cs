using System.Net;
using System.Text;

namespace BugSage.Server.Reports;

/// <summary>
/// A report as one self-contained HTML page: inline styles, no scripts, no links to load. Every text
/// is encoded, issue titles above all (an SDK sends them), and the page's own policy forbids scripts,
/// so markup in a title shows as text even in a mail client or a browser opening the file. Charts are PNGs inside the
/// page (data: URIs, the only images the policy allows besides a mail's own cid: parts), each with alt text and
/// followed by the table of its numbers.
/// </summary>
public static class HtmlReportWriter
{
    public static byte[] Write(ReportDocument report, string fontDirectory)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:\">")
            .Append("<title>").Append(E(report.Title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}table{border-collapse:collapse;margin-bottom:1.5rem}")
            .Append("figure{margin:0 0 1rem}figure img{max-width:100%;height:auto}figcaption{color:#57606a;font-size:.85rem}")
            .Append("th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}td.n{text-align:right}th{background:#f6f8fa}")
            .Append("</style></head><body>\n<h1>").Append(E(report.Title)).Append("</h1>\n<p>").Append(E(report.Scope)).Append("<br>")
            .Append(E(report.Period)).Append("</p>\n");
        foreach (var section in report.Sections)
        {
            html.Append("<h2>").Append(E(section.Name)).Append("</h2>\n");
            foreach (var chart in section.Charts ?? [])
            {
                var png = Convert.ToBase64String(ReportChartPainter.Png(chart, fontDirectory));
                html.Append("<figure><img src=\"data:image/png;base64,").Append(png).Append("\" width=\"").Append(ReportChartPainter.Width)
                    .Append("\" height=\"").Append(ReportChartPainter.Height).Append("\" alt=\"").Append(E(chart.AltText)).Append("\">")
                    .Append("<figcaption>").Append(E(chart.Title)).Append(" (the numbers are in the table below)</figcaption></figure>\n");
            }
            html.Append("<table><thead><tr>");
            foreach (var column in section.Columns) html.Append("<th scope=\"col\">").Append(E(column)).Append("</th>");
            html.Append("</tr></thead><tbody>\n");
            if (section.Rows.Count == 0) html.Append("<tr><td colspan=\"").Append(section.Columns.Count).Append("\">None in this period.</td></tr>\n");
            foreach (var row in section.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                    html.Append(cell is string or null ? "<td>" : "<td class=\"n\">").Append(E(ReportSections.Text(cell))).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
        html.Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
