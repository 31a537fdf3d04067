using Shop;

if (Settings.ListenPort(new Dictionary<string, string> { ["PORT"] = "eighty" }) != 8080) return 1;
if (Settings.ParsePort("443") != 443) return 1;
Console.WriteLine("reference passed");
return 0;
