using System.Globalization;
using Charging;

// Replays a day's charger log at the depot's staff car park, as the nightly billing job does, and prints the receipts.
var path = args.Length > 0 ? args[0] : "sessions/2025-03-14.log";
var day = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(path), "yyyy-MM-dd", CultureInfo.InvariantCulture);
var site = new ChargingSite(gridKw: 22m, connectors: 4, pricePerKwh: 0.28m, idleFeePerHour: 2.40m, grace: TimeSpan.FromMinutes(30));
var receipts = new List<Receipt>();
foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
{
    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    var at = day.ToDateTime(TimeOnly.ParseExact(f[0], "HH:mm", CultureInfo.InvariantCulture));
    switch (f[1])
    {
        case "plug":
            var connector = site.Plug(f[2], decimal.Parse(f[3], CultureInfo.InvariantCulture), at);
            Console.WriteLine($"{f[0]} {f[2]} on connector {connector}");
            break;
        case "full":
            site.Full(f[2], at);
            Console.WriteLine($"{f[0]} {f[2]} full");
            break;
        case "unplug":
            receipts.Add(site.Unplug(f[2], at));
            Console.WriteLine($"{f[0]} {f[2]} unplugged");
            break;
        default:
            throw new FormatException($"unknown event '{f[1]}' in {path}");
    }
}
foreach (var r in receipts)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Car}: {r.Kwh} kWh, energy {r.Energy:0.00}, idle {r.IdleFee:0.00}, total {r.Total:0.00}"));
