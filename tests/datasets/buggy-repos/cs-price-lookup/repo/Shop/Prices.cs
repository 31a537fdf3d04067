namespace Shop;

public sealed class PriceList(IReadOnlyDictionary<string, decimal> prices)
{
    public const decimal TaxRate = 0.2m;

    public decimal PriceOf(string sku) => prices[sku] * (1 + TaxRate);

    public bool Sells(string sku) => prices.ContainsKey(sku);
}
