using System.Globalization;

namespace Deliveries;

/// <summary>The vans that go out on a delivery day, in the order they are loaded.</summary>
public sealed class Fleet
{
    private readonly List<Van> vans;

    public Fleet(IEnumerable<Van> vans)
    {
        this.vans = [.. vans];
        if (this.vans.Count == 0) throw new ArgumentException("a delivery day needs at least one van", nameof(vans));
    }

    public IReadOnlyList<Van> Vans => vans;

    public Van this[int index] => vans[index];

    /// <summary>
    /// How many stops each van takes on a day with this many stops: the fewest per van with which the
    /// vans there are cover all of them.
    /// </summary>
    public int StopsPerVan(int stops)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stops);
        return stops / vans.Count;
    }

    public static Fleet Parse(IEnumerable<string> lines) =>
        new(Csv.Rows(lines).Select(f => new Van(f[0], f[1], int.Parse(f[2], NumberStyles.None, CultureInfo.InvariantCulture))));

    public static Fleet Load(string path) => Parse(File.ReadLines(path));
}
