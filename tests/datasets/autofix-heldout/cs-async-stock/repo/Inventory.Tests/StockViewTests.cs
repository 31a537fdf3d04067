using Inventory;

namespace Inventory.Tests;

public class StockViewTests
{
    private sealed class InstantWarehouse : IWarehouse
    {
        public Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int> { ["MUG-01"] = 3 });
    }

    [Fact]
    public async Task Reads_after_a_refresh()
    {
        var view = new StockView(new InstantWarehouse());
        await view.RefreshAsync(CancellationToken.None);
        Assert.Equal(3, await view.InStockAsync("MUG-01"));
    }

    [Fact]
    public async Task Unknown_sku_after_a_refresh_is_an_error()
    {
        var view = new StockView(new InstantWarehouse());
        await view.RefreshAsync(CancellationToken.None);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => view.InStockAsync("NOPE"));
    }
}
