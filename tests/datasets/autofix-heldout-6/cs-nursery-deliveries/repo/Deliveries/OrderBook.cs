using System.Globalization;

namespace Deliveries;

/// <summary>Reads the day's orders from the shop's export: id,customer,district,trays.</summary>
public static class OrderBook
{
    public static IReadOnlyList<Order> Parse(IEnumerable<string> lines)
    {
        var orders = new List<Order>();
        foreach (var f in Csv.Rows(lines))
        {
            if (f.Length != 4) throw new FormatException($"order line '{string.Join(",", f)}' should be id,customer,district,trays");
            var trays = int.Parse(f[3], NumberStyles.None, CultureInfo.InvariantCulture);
            if (trays == 0) throw new FormatException($"order {f[0]} has no trays");
            if (orders.Any(o => o.Id == f[0])) throw new FormatException($"order {f[0]} is listed twice");
            orders.Add(new Order(f[0], f[1], f[2].ToUpperInvariant(), trays));
        }
        return orders;
    }

    public static IReadOnlyList<Order> Load(string path) => Parse(File.ReadLines(path));
}
