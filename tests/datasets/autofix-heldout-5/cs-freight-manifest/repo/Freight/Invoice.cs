namespace Freight;

/// <summary>A night's invoice for one customer: a priced line per consignment and the totals per destination depot.</summary>
public sealed class Invoice
{
    private Invoice(IReadOnlyList<InvoiceLine> lines) => Lines = lines;

    public IReadOnlyList<InvoiceLine> Lines { get; }

    public decimal Total => Lines.Sum(l => l.Charge);

    public int Pallets => Lines.Sum(l => l.Consignment.Pallets);

    /// <summary>Pallets and charges per destination depot, for the trunking plan, in code order.</summary>
    public IReadOnlyList<(string Depot, int Pallets, decimal Charge)> ByDestination =>
        [.. Lines.GroupBy(l => l.Consignment.To)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(l => l.Consignment.Pallets), g.Sum(l => l.Charge)))];

    public static Invoice Build(IEnumerable<Consignment> manifest)
    {
        var lines = manifest.Select(RateCard.Price).ToList();
        if (lines.Select(l => l.Consignment.Reference).Distinct(StringComparer.OrdinalIgnoreCase).Count() != lines.Count)
            throw new InvalidOperationException("the manifest lists a consignment twice");
        return new Invoice(lines);
    }
}
