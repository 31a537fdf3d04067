using Shop;

// A deployment that set PORT to a scheme name by mistake.
Console.WriteLine($"listening on {Settings.ListenPort(new Dictionary<string, string> { ["PORT"] = "http" })}");
