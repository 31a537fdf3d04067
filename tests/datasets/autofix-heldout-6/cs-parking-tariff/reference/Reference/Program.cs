using System.Globalization;
using Parking;

// Held-out checks of Station Road's tariff: stays that reach the last band pay the day rate.
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok) failures++;
}
T Try<T>(Func<T> f, T fallback, string what)
{
    try { return f(); }
    catch (Exception e) { Console.WriteLine($"FAIL {what}: {e.GetType().Name}: {e.Message}"); failures++; return fallback; }
}

var tariff = Tariff.Load(Path.Combine("tariffs", "station-road.csv"));

foreach (var (minutes, price) in new[] { (480, 11.00m), (481, 11.00m), (675, 11.00m), (1079, 11.00m), (479, 6.50m), (455, 6.50m), (240, 6.50m), (19, 0.00m) })
{
    var charged = Try(() => tariff.Charge(minutes), -1m, $"Charge({minutes})");
    Check(charged == price, $"a stay of {minutes} min pays {price.ToString("0.00", CultureInfo.InvariantCulture)} (got {charged.ToString("0.00", CultureInfo.InvariantCulture)})");
}

// Every minute of an opening day gets the band a plain scan finds.
var wrong = 0;
for (var minutes = 0; minutes <= 18 * 60; minutes++)
{
    var expected = tariff.Bands.Last(b => b.FromMinutes <= minutes);
    try
    {
        if (tariff.BandFor(minutes) != expected) wrong++;
    }
    catch (Exception)
    {
        wrong++;
    }
}
Check(wrong == 0, $"every stay from 0 to 18 h gets its band ({wrong} wrong)");

// A tariff of another length, and one with two bands.
var two = new Tariff([new Band(0, 0m), new Band(30, 2.00m)]);
Check(Try(() => two.Charge(45), -1m, "two bands, 45 min") == 2.00m, "two bands: 45 min pays 2.00");
Check(Try(() => two.Charge(10), -1m, "two bands, 10 min") == 0.00m, "two bands: 10 min is free");
var five = new Tariff([new Band(0, 1m), new Band(60, 2m), new Band(120, 3m), new Band(180, 4m), new Band(600, 9m)]);
Check(Try(() => five.Charge(700), -1m, "five bands, 700 min") == 9m, "five bands: 700 min pays the day rate 9");

// 7 June's cash-up.
var log = ExitLog.Load(Path.Combine("exits", "2025-06-07.csv"));
var takings = Try(() => new DayTakings(tariff, log.Exits), null, "7 June's cash-up");
if (takings is not null)
{
    Check(takings.Charges.Single(c => c.Exit.Plate == "SN68 TUV").Amount == 11.00m, "SN68 TUV (07:10 to 18:25) pays the day rate 11.00");
    Check(takings.Charges.Single(c => c.Exit.Plate == "OL71 YTR").Amount == 6.50m, "OL71 YTR (455 min) pays 6.50");
    Check(takings.Charges.Single(c => c.Exit.Plate == "KD72 MNB").Amount == 11.00m, "the lost ticket pays 11.00");
    Check(takings.Charges.Count == 12, $"12 exits are priced (got {takings.Charges.Count})");
    Check(takings.Total == 45.40m, $"the takings are 45.40 (got {takings.Total.ToString("0.00", CultureInfo.InvariantCulture)})");
    Check(takings.Paid == 8 && takings.Free == 3 && takings.Season == 1, $"8 paid, 3 free, 1 season (got {takings.Paid}, {takings.Free}, {takings.Season})");
    Check(takings.Lines().Last() == "paid 8, free 3, season 1, takings 45.40", $"the summary line (got '{takings.Lines().Last()}')");
}
Check(log.Refused.Count == 1 && log.Refused[0].StartsWith("CX18 PLM", StringComparison.Ordinal), "CX18 PLM is refused");

Console.WriteLine(failures == 0 ? "all reference checks passed" : $"{failures} reference check(s) failed");
return failures == 0 ? 0 : 1;
