using Inventory;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var warehouse = new SlowWarehouse();
var view = new StockView(warehouse);
Check(await view.InStockAsync("LAMP-07") == 4, "the first read answers the warehouse's count");
Check(await view.InStockAsync("MUG-01") == 0, "a later read uses the snapshot");
Check(warehouse.Calls == 1 && view.Refreshes == 1, "one refresh, not one per read");
try { await new StockView(new SlowWarehouse()).InStockAsync("NOPE"); failures.Add("an unknown SKU on first read is still an error"); }
catch (KeyNotFoundException) { }

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;

sealed class SlowWarehouse : IWarehouse
{
    public int Calls { get; private set; }

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken ct)
    {
        Calls++;
        await Task.Yield();
        return new Dictionary<string, int> { ["LAMP-07"] = 4, ["MUG-01"] = 0 };
    }
}
