using Shop;

var list = new PriceList(new Dictionary<string, decimal> { ["MUG-01"] = 5m });
if (list.PriceOf("LAMP-07") != 0m) return 1;
if (list.PriceOf("MUG-01") != 6m) return 1;
Console.WriteLine("reference passed");
return 0;
