namespace Warehouse;

public sealed class Customer
{
    public string Email { get; set; }
}

public sealed class OrderLine
{
    public string Sku { get; set; }
    public int Quantity { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }
    public Customer Customer { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

public static class Orders
{
    private static readonly Dictionary<string, decimal> Prices = new() { ["MUG-2"] = 9m, ["LAMP-1"] = 35m };

    public static string ConfirmationAddress(Order order)
    {
        return order.Customer.Email.ToLowerInvariant();
    }

    public static decimal PriceOf(string sku)
    {
        return Prices[sku];
    }

    public static OrderLine LineFor(Order order, string sku)
    {
        return order.Lines.First(l => l.Sku == sku);
    }

    public static int ParseQuantity(string text)
    {
        return int.Parse(text);
    }

    public static int AverageQuantity(Order order)
    {
        return order.Lines.Sum(l => l.Quantity) / order.Lines.Count;
    }

    public static OrderLine FirstLine(Order order)
    {
        return order.Lines[0];
    }
}
