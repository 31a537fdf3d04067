namespace Charging;

/// <summary>
/// A workplace charging site: a few connectors behind one grid connection. The cars that draw power share the
/// connection equally, each up to its own on-board maximum; a car that reports full stops drawing and its share goes
/// to the others. A receipt charges the energy and, after a grace period, each hour a full car kept its connector.
/// </summary>
public sealed class ChargingSite(decimal gridKw, int connectors, decimal pricePerKwh, decimal idleFeePerHour, TimeSpan grace)
{
    private readonly Dictionary<string, Session> sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool[] busy = new bool[connectors];
    private int drawing;
    private DateTime? clock;

    /// <summary>How many cars draw power now, as the site reports it to the grid operator every minute.</summary>
    public int Drawing => drawing;

    /// <summary>The cars plugged in, by connector.</summary>
    public IReadOnlyList<Session> Sessions => [.. sessions.Values.OrderBy(s => s.Connector)];

    /// <summary>Plugs a car in at the lowest free connector and answers the connector's number.</summary>
    public int Plug(string car, decimal carMaxKw, DateTime at)
    {
        if (sessions.ContainsKey(car)) throw new InvalidOperationException($"{car} is already plugged in");
        var free = Array.IndexOf(busy, false);
        if (free < 0) throw new InvalidOperationException($"every connector is taken, {car} cannot plug in");
        Advance(at);
        busy[free] = true;
        sessions.Add(car, new Session(car, free + 1, carMaxKw, at));
        drawing++;
        Rebalance();
        return free + 1;
    }

    /// <summary>The car's charger reports the battery full: it stops drawing and stays on its connector.</summary>
    public void Full(string car, DateTime at)
    {
        var session = Find(car);
        if (!session.Drawing) throw new InvalidOperationException($"{car} has already reported full");
        Advance(at);
        session.Drawing = false;
        session.FullAt = at;
        drawing--;
        Rebalance();
    }

    /// <summary>The driver unplugs: the connector is free again and the driver gets the receipt.</summary>
    public Receipt Unplug(string car, DateTime at)
    {
        var session = Find(car);
        Advance(at);
        sessions.Remove(car);
        busy[session.Connector - 1] = false;
        drawing--;
        Rebalance();
        return Bill(session, at);
    }

    private Session Find(string car) =>
        sessions.TryGetValue(car, out var session) ? session : throw new KeyNotFoundException($"{car} is not plugged in");

    // Delivers the energy of the time since the last event, at the powers the last rebalance gave.
    private void Advance(DateTime at)
    {
        if (at < clock) throw new ArgumentException($"an event at {at:HH:mm} comes before the last one", nameof(at));
        if (clock is { } last)
        {
            var hours = (decimal)(at - last).TotalMinutes / 60m;
            foreach (var session in sessions.Values) session.Kwh += session.Kw * hours;
        }
        clock = at;
    }

    private void Rebalance()
    {
        foreach (var session in sessions.Values)
            session.Kw = session.Drawing ? Math.Min(session.CarMaxKw, gridKw / drawing) : 0m;
    }

    private Receipt Bill(Session session, DateTime at)
    {
        var kwh = Math.Round(session.Kwh, 2);
        var idleHours = session.FullAt is { } full && at - full > grace ? (decimal)(at - full - grace).TotalMinutes / 60m : 0m;
        return new Receipt(session.Car, session.Connector, kwh, Math.Round(kwh * pricePerKwh, 2), Math.Round(idleHours * idleFeePerHour, 2));
    }
}
