namespace Inventory;

/// <summary>Stock levels shown on product pages: a snapshot of the warehouse, loaded on first use and then kept.</summary>
public sealed class StockView(IWarehouse warehouse)
{
    private IReadOnlyDictionary<string, int>? snapshot;

    public int Refreshes { get; private set; }

    public async Task RefreshAsync(CancellationToken ct)
    {
        snapshot = await warehouse.CountsAsync(ct);
        Refreshes++;
    }

    /// <summary>Units in stock of <paramref name="sku"/>; a SKU the warehouse does not carry is a <see cref="KeyNotFoundException"/>.</summary>
    public async Task<int> InStockAsync(string sku, CancellationToken ct = default)
    {
        if (snapshot is null) _ = RefreshAsync(ct);
        return snapshot!.TryGetValue(sku, out var count) ? count : throw new KeyNotFoundException($"no SKU {sku}");
    }
}
