namespace Deliveries;

/// <summary>The postcode districts in the order the delivery round visits them.</summary>
public sealed class Round
{
    private readonly Dictionary<string, int> positions = new(StringComparer.OrdinalIgnoreCase);

    public Round(IEnumerable<string> districts)
    {
        foreach (var district in districts)
            if (!positions.TryAdd(district, positions.Count)) throw new ArgumentException($"{district} is on the round twice", nameof(districts));
    }

    public bool Covers(string district) => positions.ContainsKey(district);

    public int Position(string district) => positions[district];

    public static Round Parse(IEnumerable<string> lines) => new(Csv.Rows(lines).Select(f => f[0]));

    public static Round Load(string path) => Parse(File.ReadLines(path));
}
