namespace Freight;

/// <summary>
/// The pallet network's rate card. Each depot is in a zone; a pallet is priced by how many zones the consignment
/// crosses, a heavy pallet (over 800 kg on average) pays a surcharge, and every consignment pays at least the minimum.
/// </summary>
public sealed class RateCard
{
    private static readonly Dictionary<string, int> ZoneOf = new()
    {
        ["PLY"] = 0, ["BRS"] = 1, ["CDF"] = 1, ["BHM"] = 2, ["NOT"] = 2, ["LON"] = 2,
        ["MAN"] = 3, ["LDS"] = 3, ["NCL"] = 4, ["EDI"] = 5, ["GLA"] = 5, ["ABZ"] = 6,
    };

    private static readonly decimal[] PerPallet = [38m, 46m, 55m, 63m, 72m, 84m, 96m];

    public const decimal HeavyKg = 800m;
    public const decimal HeavySurcharge = 12.50m;
    public const decimal Minimum = 60m;

    public static IReadOnlyCollection<string> Depots => ZoneOf.Keys;

    /// <summary>How many zones a consignment crosses between its depots.</summary>
    public static int Zones(string from, string to) => Math.Abs(ZoneOf[from] - ZoneOf[to]);

    public static InvoiceLine Price(Consignment consignment)
    {
        var zones = Zones(consignment.From, consignment.To);
        var charge = consignment.Pallets * PerPallet[zones];
        if (consignment.Kg / consignment.Pallets > HeavyKg) charge += consignment.Pallets * HeavySurcharge;
        return new InvoiceLine(consignment, zones, Math.Max(charge, Minimum));
    }
}
