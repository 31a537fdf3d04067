using Inventory;

// The product page's first request after a deploy.
var view = new StockView(new RemoteWarehouse());
Console.WriteLine($"LAMP-07: {await view.InStockAsync("LAMP-07")} in stock");

sealed class RemoteWarehouse : IWarehouse
{
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken ct)
    {
        await Task.Delay(50, ct);
        return new Dictionary<string, int> { ["LAMP-07"] = 4, ["MUG-01"] = 0 };
    }
}
