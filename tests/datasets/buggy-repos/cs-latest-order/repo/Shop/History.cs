namespace Shop;

public sealed record PlacedOrder(int Id, DateOnly PlacedOn, decimal Total);

public static class History
{
    public static PlacedOrder? LatestOrder(IReadOnlyList<PlacedOrder> orders)
    {
        return orders.OrderBy(o => o.PlacedOn).Last();
    }

    public static decimal LifetimeValue(IReadOnlyList<PlacedOrder> orders) => orders.Sum(o => o.Total);
}
