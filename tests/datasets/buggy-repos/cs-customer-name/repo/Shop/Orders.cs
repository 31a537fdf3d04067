namespace Shop;

public sealed record Customer(string Name, string Email);

public sealed record Order(int Id, Customer? Customer, decimal Total);

public static class Orders
{
    public static string? CustomerName(Order order)
    {
        var name = order.Customer.Name;
        return name.Trim();
    }

    public static decimal Revenue(IEnumerable<Order> orders) => orders.Sum(o => o.Total);
}
