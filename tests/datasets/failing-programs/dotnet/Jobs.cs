namespace Warehouse;

public static class Jobs
{
    public static object Run(string job, string argument)
    {
        var order = new Order { Id = 41, Customer = argument == "guest" ? null : new Customer { Email = "Ada@Example.com" } };
        if (argument == "lines") order.Lines = [new OrderLine { Sku = "MUG-2", Quantity = 2 }];
        return job switch
        {
            "confirm" => Orders.ConfirmationAddress(order),
            "invoice" => Invoice(order),
            "price" => Orders.PriceOf(argument),
            "pick" => Orders.LineFor(order, argument),
            "import" => Orders.ParseQuantity(argument),
            "stats" => Orders.AverageQuantity(order),
            "label" => Orders.FirstLine(order),
            _ => throw new ArgumentException("unknown job " + job),
        };
    }

    private static string Invoice(Order order) => "Invoice for " + Orders.ConfirmationAddress(order);
}
