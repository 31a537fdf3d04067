using ClosedXML.Excel;

namespace BugSage.Server.Reports;

/// <summary>
/// A report as an XLSX workbook: a cover sheet, then one worksheet per section with its table. Numbers
/// are numbers (they sum and chart); text is set as text, never as a formula, and text that would
/// read as one when retyped carries Excel's quote prefix, the spreadsheet's own apostrophe.
/// </summary>
public static class XlsxReportWriter
{
    public static byte[] Write(ReportDocument report)
    {
        using var workbook = new XLWorkbook();
        var cover = workbook.Worksheets.Add("Report");
        Text(cover.Cell(1, 1), report.Title);
        Text(cover.Cell(2, 1), report.Scope);
        Text(cover.Cell(3, 1), report.Period);
        cover.Cell(1, 1).Style.Font.Bold = true;
        foreach (var section in report.Sections)
        {
            var sheet = workbook.Worksheets.Add(section.Name);
            for (var c = 0; c < section.Columns.Count; c++)
            {
                Text(sheet.Cell(1, c + 1), section.Columns[c]);
                sheet.Cell(1, c + 1).Style.Font.Bold = true;
            }
            for (var r = 0; r < section.Rows.Count; r++)
                for (var c = 0; c < section.Rows[r].Count; c++)
                    Set(sheet.Cell(r + 2, c + 1), section.Rows[r][c]);
            sheet.SheetView.FreezeRows(1);
        }
        using var file = new MemoryStream();
        workbook.SaveAs(file);
        return file.ToArray();
    }

    private static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null: break;
            case long n: cell.SetValue(n); break;
            case int n: cell.SetValue(n); break;
            case double d: cell.SetValue(d); break;
            default: Text(cell, ReportSections.Text(value)); break;
        }
    }

    private static void Text(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        if (CsvReportWriter.Inert(text) != text) cell.Style.IncludeQuotePrefix = true;
    }
}
