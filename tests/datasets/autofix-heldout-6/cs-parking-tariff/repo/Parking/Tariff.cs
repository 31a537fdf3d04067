using System.Globalization;

namespace Parking;

/// <summary>
/// A car park's tariff: bands in increasing order of their first minute, the first starting at 0. A stay
/// pays the price of the last band it has reached; the last band is the day rate, which also applies to
/// a lost ticket.
/// </summary>
public sealed class Tariff
{
    private readonly Band[] bands;

    public Tariff(IEnumerable<Band> bands)
    {
        this.bands = [.. bands];
        if (this.bands.Length == 0) throw new ArgumentException("a tariff needs at least one band", nameof(bands));
        if (this.bands[0].FromMinutes != 0) throw new ArgumentException("the first band must start at 0 minutes", nameof(bands));
        for (var i = 1; i < this.bands.Length; i++)
        {
            if (this.bands[i].FromMinutes <= this.bands[i - 1].FromMinutes)
                throw new ArgumentException($"band {i} starts at {this.bands[i].FromMinutes} min, not after the band before it", nameof(bands));
            if (this.bands[i].Price < this.bands[i - 1].Price)
                throw new ArgumentException($"band {i} is cheaper than the band before it", nameof(bands));
        }
    }

    public IReadOnlyList<Band> Bands => bands;

    public decimal DayRate => bands[^1].Price;

    /// <summary>Reads a tariff file: comment lines (#), a header, then from_minutes,price lines.</summary>
    public static Tariff Parse(IEnumerable<string> lines)
    {
        var bands = new List<Band>();
        var header = true;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (header) { header = false; continue; }
            var fields = line.Split(',');
            if (fields.Length != 2) throw new FormatException($"tariff line '{line}' should be from_minutes,price");
            bands.Add(new Band(
                int.Parse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture),
                decimal.Parse(fields[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)));
        }
        return new Tariff(bands);
    }

    public static Tariff Load(string path) => Parse(File.ReadLines(path));

    /// <summary>The band a stay of this many minutes has reached (binary search over the bands' first minutes).</summary>
    public Band BandFor(int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        int lo = 0, hi = bands.Length;
        var found = bands[0];
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (bands[mid].FromMinutes <= minutes)
            {
                found = bands[mid];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    public decimal Charge(int minutes) => BandFor(minutes).Price;
}
