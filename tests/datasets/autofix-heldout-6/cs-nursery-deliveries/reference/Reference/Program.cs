using System.Globalization;
using Deliveries;

// Held-out checks: every stop of the day goes out, each van taking at most its share, no van twice.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok) failures++;
}
void Run(string what, Action body)
{
    try { body(); }
    catch (Exception e) { Console.WriteLine($"FAIL {what}: {e.GetType().Name}: {e.Message}"); failures++; }
}
string Shape(DayPlan plan) => string.Join(" ", plan.Runs.Select(r => $"{r.Van.Id}:{string.Join(",", r.Stops.Select(s => s.Id))}"));

var fleet = Fleet.Load(Path.Combine("config", "vans.csv"));
var round = Round.Load(Path.Combine("config", "round.csv"));

Run("stops per van", () =>
{
    foreach (var (stops, perVan) in new[] { (10, 4), (2, 1), (1, 1), (3, 1), (4, 2), (7, 3), (9, 3), (12, 4) })
        Check(fleet.StopsPerVan(stops) == perVan, $"with 3 vans, {stops} stops is {perVan} per van (got {fleet.StopsPerVan(stops)})");
});

Run("14 October", () =>
{
    var plan = new RoutePlanner(fleet, round).Plan(OrderBook.Load(Path.Combine("orders", "2025-10-14.csv")));
    Check(Shape(plan) == "V1:N-4106,N-4102,N-4108,N-4103 V2:N-4104,N-4110,N-4107,N-4101 V3:N-4109,N-4105",
        $"the runs (got {Shape(plan)})");
    Check(plan.Runs.Select(r => r.Trays).SequenceEqual([28, 53, 12]), $"trays 28, 53, 12 (got {string.Join(", ", plan.Runs.Select(r => r.Trays))})");
    Check(plan.Runs.All(r => !r.OverCapacity), "no van over its racks");
    Check(plan.Refused.Select(o => o.Id).SequenceEqual(["N-4111"]), "N-4111 (OL14) is refused");
    var sheet = RoutePlanner.LoadSheet(plan).ToList();
    Check(sheet[0] == "V1 Priti: 4 stops, 28/60 trays", $"the first line (got '{sheet[0]}')");
    Check(sheet.Contains("V3 Lena: 2 stops, 12/40 trays"), "V3 Lena takes 2 stops, 12/40 trays");
    Check(sheet[^1] == "10 stops, 93 trays, 3 vans out", $"the last line (got '{sheet[^1]}')");
});

Run("a quiet day", () =>
{
    var plan = new RoutePlanner(fleet, round).Plan([new Order("N-1", "A", "HD2", 3), new Order("N-2", "B", "HX1", 5)]);
    Check(Shape(plan) == "V1:N-2 V2:N-1", $"two stops, one van each, V3 stays in (got {Shape(plan)})");
    Check(RoutePlanner.LoadSheet(plan).Last() == "2 stops, 8 trays, 2 vans out", "2 stops, 8 trays, 2 vans out");
});

Run("seven stops", () =>
{
    var orders = Enumerable.Range(1, 7).Select(i => new Order($"S-{i}", "C", "HX1", 1)).ToList();
    var plan = new RoutePlanner(fleet, round).Plan(orders);
    Check(Shape(plan) == "V1:S-1,S-2,S-3 V2:S-4,S-5,S-6 V3:S-7", $"3, 3 and 1 (got {Shape(plan)})");
});

Console.WriteLine(failures == 0 ? "all reference checks passed" : $"{failures} reference check(s) failed");
return failures == 0 ? 0 : 1;
