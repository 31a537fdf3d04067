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

Test("names_the_customer", () => Equal("Ada", Orders.CustomerName(new Order(1, new Customer(" Ada ", "a@x"), 1m))));
Test("a_guest_order_has_no_customer_name", () => Equal(null, Orders.CustomerName(new Order(2, null, 1m))));
Test("revenue", () => Equal(3m, Orders.Revenue([new Order(1, null, 1m), new Order(2, null, 2m)])));
return failed == 0 ? 0 : 1;
