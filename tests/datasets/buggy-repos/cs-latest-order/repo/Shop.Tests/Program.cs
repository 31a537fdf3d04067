using Shop;

var failed = 0;
void Test(string name, Action body)
{
    try { body(); Console.WriteLine($"  Passed {name}"); }
    catch (Exception e) { failed++; Console.WriteLine($"  Failed {name} [0 ms]\n{e}"); }
}
void Equal<T>(T expected, T actual)
{
    if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new Exception($"expected {expected}, got {actual}");
}

var orders = new List<PlacedOrder> { new(1, new DateOnly(2026, 5, 1), 5m), new(2, new DateOnly(2026, 3, 1), 20m) };
Test("latest_by_date", () => Equal(1, History.LatestOrder(orders)!.Id));
Test("no_orders,_no_latest", () => Equal(null, History.LatestOrder([])));
Test("lifetime_value", () => Equal(25m, History.LifetimeValue(orders)));
return failed == 0 ? 0 : 1;
