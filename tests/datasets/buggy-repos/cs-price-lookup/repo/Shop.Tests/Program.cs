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

var list = new PriceList(new Dictionary<string, decimal> { ["A"] = 10m });
Test("price_includes_tax", () => Equal(12m, list.PriceOf("A")));
Test("an_unknown_sku_costs_nothing", () => Equal(0m, list.PriceOf("B")));
Test("sells", () => Equal(true, list.Sells("A")));
return failed == 0 ? 0 : 1;
