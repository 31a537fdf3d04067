using Deliveries;

// The morning load sheet: the day's orders split between the vans, in the order the round visits them.
var day = args.Length > 0 ? args[0] : "2025-10-14";
var planner = new RoutePlanner(Fleet.Load(Path.Combine("config", "vans.csv")), Round.Load(Path.Combine("config", "round.csv")));
var orders = OrderBook.Load(Path.Combine("orders", $"{day}.csv"));

Console.WriteLine($"Calder Vale Nursery deliveries, {day}: {orders.Count} orders");
foreach (var line in RoutePlanner.LoadSheet(planner.Plan(orders))) Console.WriteLine(line);
