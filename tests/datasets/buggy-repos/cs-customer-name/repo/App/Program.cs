using Shop;

// The packing list of today's orders; order 2 came from the guest checkout.
var orders = new[] { new Order(1, new Customer("Ada", "ada@example.com"), 10m), new Order(2, null, 5m) };
foreach (var order in orders) Console.WriteLine($"{order.Id}: {Orders.CustomerName(order)}");
