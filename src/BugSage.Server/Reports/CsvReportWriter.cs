using System.Text;

namespace BugSage.Server.Reports;

/// <summary>
/// A report as CSV (RFC 4180: CRLF lines, fields with a comma, quote or line break quoted, quotes
/// doubled): one table per section, each after a line naming it and separated by an empty line.
/// A text cell that a spreadsheet would read as a formula (starting with = + - @, or a tab or
/// carriage return that some spreadsheets skip before one) gets a leading apostrophe, because issue
/// titles are a sender's text and a report is opened in spreadsheets. Numbers are written as numbers.
/// </summary>
public static class CsvReportWriter
{
    public static byte[] Write(ReportDocument report)
    {
        var csv = new StringBuilder();
        Line(csv, [report.Title]);
        Line(csv, [Inert(report.Scope)]);
        Line(csv, [report.Period]);
        foreach (var section in report.Sections)
        {
            csv.Append("\r\n");
            Line(csv, [section.Name]);
            Line(csv, section.Columns);
            foreach (var row in section.Rows) Line(csv, row.Select(Cell).ToList());
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Cell(object? cell) => cell is string text ? Inert(text) : ReportSections.Text(cell);

    /// <summary>The text as a spreadsheet shows it, never as a formula it runs.</summary>
    public static string Inert(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>One CSV line of fields, quoted where they must be (the caller makes text inert first).</summary>
    public static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) csv.Append(',');
            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0) csv.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            else csv.Append(field);
        }
        csv.Append("\r\n");
    }
}
