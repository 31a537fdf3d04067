namespace Museum;

/// <summary>The admissions desk's till for one day.</summary>
public sealed class Till(PriceList prices)
{
    private readonly Dictionary<TicketKind, int> sold = [];

    public decimal Takings { get; private set; }
    public int Visitors => sold.Sum(s => PriceList.People(s.Key) * s.Value);

    /// <summary>Sells an order of tickets; answers what the customer pays.</summary>
    public decimal Sell(params (TicketKind Kind, int Count)[] order)
    {
        if (order.Length == 0 || order.Any(line => line.Count < 1))
            throw new ArgumentException("an order needs at least one ticket on each line", nameof(order));
        var total = order.Sum(line => prices.Price(line.Kind) * line.Count);
        foreach (var (kind, count) in order) sold[kind] = sold.GetValueOrDefault(kind) + count;
        Takings += total;
        return total;
    }

    public int Sold(TicketKind kind) => sold.GetValueOrDefault(kind);
}
