using System.Globalization;

namespace Solar;

/// <summary>
/// Reads the inverter's CSV export: a header line, then <c>from,to,wh</c> per interval, times in ISO 8601
/// local time, intervals in order and without gaps or overlaps.
/// </summary>
public static class ExportReader
{
    public static IReadOnlyList<Sample> Read(TextReader export)
    {
        var header = export.ReadLine();
        if (header?.Trim() != "from,to,wh") throw new FormatException("expected the header from,to,wh");
        var samples = new List<Sample>();
        DateTime? previousEnd = null;
        var number = 1;
        for (var line = export.ReadLine(); line is not null; line = export.ReadLine())
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != 3) throw new FormatException($"line {number}: expected from,to,wh");
            var from = DateTime.Parse(fields[0], CultureInfo.InvariantCulture);
            var to = DateTime.Parse(fields[1], CultureInfo.InvariantCulture);
            var wh = decimal.Parse(fields[2], NumberStyles.Number, CultureInfo.InvariantCulture);
            if (to <= from) throw new FormatException($"line {number}: the interval ends before it starts");
            if (previousEnd is { } end && from != end) throw new FormatException($"line {number}: the interval does not start at {end:HH:mm}");
            if (wh < 0) throw new FormatException($"line {number}: negative generation");
            samples.Add(new Sample(from, (int)(to - from).TotalHours, wh));
            previousEnd = to;
        }
        return samples;
    }
}
