namespace Transit;

/// <summary>A bus calling at a stop.</summary>
public sealed record Call(string Trip, string Stop, DateTime At);

/// <summary>
/// One service day's timetable, read from the operator's stop-times export: a header, then trip,stop,time for every
/// call, each trip's calls in the order the bus makes them.
/// </summary>
public sealed class Timetable
{
    private readonly List<Call> calls;

    private Timetable(DateOnly serviceDay, List<Call> calls) => (ServiceDay, this.calls) = (serviceDay, calls);

    public DateOnly ServiceDay { get; }

    public IReadOnlyList<string> Trips => [.. calls.Select(c => c.Trip).Distinct()];

    public static Timetable Read(DateOnly serviceDay, TextReader reader)
    {
        if (reader.ReadLine()?.Trim() != "trip,stop,time") throw new FormatException("expected a trip,stop,time header");
        var calls = new List<Call>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != 3) throw new FormatException($"'{line}' is not trip,stop,time");
            var call = new Call(fields[0].Trim(), fields[1].Trim(), ServiceTime.At(serviceDay, fields[2]));
            if (calls.LastOrDefault() is { } before && before.Trip == call.Trip && before.At > call.At)
                throw new FormatException($"trip {call.Trip} calls at {call.Stop} before its previous stop");
            calls.Add(call);
        }
        return new Timetable(serviceDay, calls);
    }

    /// <summary>The next departures from a stop at or after a moment, soonest first (a trip's last call is no departure).</summary>
    public IReadOnlyList<Call> DeparturesFrom(string stop, DateTime after, int count) =>
        [.. calls.Where((c, i) => c.Stop == stop && c.At >= after && i + 1 < calls.Count && calls[i + 1].Trip == c.Trip)
            .OrderBy(c => c.At).ThenBy(c => c.Trip, StringComparer.Ordinal).Take(count)];

    /// <summary>How long a trip takes from one of its stops to a later one.</summary>
    public TimeSpan JourneyTime(string trip, string from, string to)
    {
        var stops = calls.Where(c => c.Trip == trip).ToList();
        var start = stops.FindIndex(c => c.Stop == from);
        var end = stops.FindIndex(c => c.Stop == to);
        if (start < 0 || end <= start) throw new ArgumentException($"trip {trip} does not run from {from} to {to}");
        return stops[end].At - stops[start].At;
    }

    /// <summary>The last bus of the service day from a stop: what the stop's flag prints under "last bus".</summary>
    public Call LastDeparture(string stop) => calls
        .Where((c, i) => c.Stop == stop && i + 1 < calls.Count && calls[i + 1].Trip == c.Trip)
        .MaxBy(c => c.At) ?? throw new ArgumentException($"no bus leaves {stop}");
}
