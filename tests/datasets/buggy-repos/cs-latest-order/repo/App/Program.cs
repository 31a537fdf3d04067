using Shop;

// The account page of a customer who signed up today.
var orders = new List<PlacedOrder>();
Console.WriteLine($"lifetime value {History.LifetimeValue(orders)}, latest {History.LatestOrder(orders)}");
