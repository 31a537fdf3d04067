namespace Deliveries;

internal static class Csv
{
    /// <summary>The data rows of a small CSV file: comment lines (#) and the header skipped, fields trimmed.</summary>
    public static IEnumerable<string[]> Rows(IEnumerable<string> lines) =>
        lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
             .Skip(1)
             .Select(l => l.Split(',').Select(f => f.Trim()).ToArray());
}
