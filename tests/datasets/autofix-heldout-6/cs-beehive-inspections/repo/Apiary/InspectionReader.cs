using System.Text.Json;

namespace Apiary;

/// <summary>Reads the inspection app's export: one JSON object per line.</summary>
public static class InspectionReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<Inspection> Read(IEnumerable<string> lines)
    {
        var inspections = new List<Inspection>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var inspection = JsonSerializer.Deserialize<Inspection>(line, Options)
                ?? throw new FormatException($"line {number} is not an inspection");
            if (string.IsNullOrWhiteSpace(inspection.Hive)) throw new FormatException($"line {number} names no hive");
            if (inspection.Days <= 0) throw new FormatException($"line {number}: the varroa board must have been in for at least a day");
            inspections.Add(inspection);
        }
        return inspections;
    }

    public static IReadOnlyList<Inspection> Load(string path) => Read(File.ReadLines(path));
}
