using Shop;

// A saved cart still holds a SKU that was discontinued since.
var list = new PriceList(new Dictionary<string, decimal> { ["MUG-01"] = 10m });
foreach (var sku in new[] { "MUG-01", "LAMP-07" }) Console.WriteLine($"{sku}: {list.PriceOf(sku)}");
