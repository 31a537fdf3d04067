using Shop;

if (History.LatestOrder(new List<PlacedOrder>()) is not null) return 1;
if (History.LatestOrder([new(7, new DateOnly(2026, 9, 1), 1m), new(8, new DateOnly(2026, 1, 1), 1m)])?.Id != 7) return 1;
Console.WriteLine("reference passed");
return 0;
