using System.Globalization;

namespace Deliveries;

/// <summary>A van's run: the stops it makes, in round order.</summary>
public sealed record Run(Van Van, IReadOnlyList<Order> Stops)
{
    public int Trays => Stops.Sum(s => s.Trays);

    public bool OverCapacity => Trays > Van.CapacityTrays;
}

public sealed record DayPlan(IReadOnlyList<Run> Runs, IReadOnlyList<Order> Refused)
{
    public int Stops => Runs.Sum(r => r.Stops.Count);

    public int Trays => Runs.Sum(r => r.Trays);
}

/// <summary>
/// Splits the day's orders between the vans: the stops are put in round order (district, then order id), and each
/// van in turn takes the next <see cref="Fleet.StopsPerVan"/> of them, the last van out what is left. Orders for a
/// district the round does not visit are refused, to be sent by carrier.
/// </summary>
public sealed class RoutePlanner(Fleet fleet, Round round)
{
    public DayPlan Plan(IEnumerable<Order> orders)
    {
        var refused = new List<Order>();
        var stops = new List<Order>();
        foreach (var order in orders) (round.Covers(order.District) ? stops : refused).Add(order);
        stops = [.. stops.OrderBy(o => round.Position(o.District)).ThenBy(o => o.Id, StringComparer.Ordinal)];

        var runs = new List<Run>();
        if (stops.Count > 0)
        {
            var perVan = fleet.StopsPerVan(stops.Count);
            var van = 0;
            foreach (var chunk in stops.Chunk(perVan))
            {
                runs.Add(new Run(fleet.Vans[van], chunk));
                van++;
            }
        }
        return new DayPlan(runs, refused);
    }

    public static IEnumerable<string> LoadSheet(DayPlan plan)
    {
        foreach (var run in plan.Runs)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{run.Van.Id} {run.Van.Driver}: {run.Stops.Count} stops, {run.Trays}/{run.Van.CapacityTrays} trays{(run.OverCapacity ? "  OVER CAPACITY" : "")}");
            for (var i = 0; i < run.Stops.Count; i++)
                yield return string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. {run.Stops[i].Id} {run.Stops[i].Customer} ({run.Stops[i].District}) {run.Stops[i].Trays}");
        }
        foreach (var order in plan.Refused)
            yield return $"refused: {order.Id} {order.Customer} ({order.District}): district not on the round";
        yield return string.Create(CultureInfo.InvariantCulture, $"{plan.Stops} stops, {plan.Trays} trays, {plan.Runs.Count} vans out");
    }
}
