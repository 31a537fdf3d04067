using System.Globalization;

namespace Tracking;

/// <summary>
/// The night's tracking export: consignment,source,time,status,place per line, the source being "depot" or "driver";
/// each source's events for a consignment come in the order they were logged.
/// </summary>
public static class TrackingExport
{
    public static IReadOnlyDictionary<string, (TrackingEvent[] Scans, TrackingEvent[] Driver)> Read(TextReader reader)
    {
        var scans = new Dictionary<string, List<TrackingEvent>>(StringComparer.Ordinal);
        var driver = new Dictionary<string, List<TrackingEvent>>(StringComparer.Ordinal);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split(',');
            if (f.Length != 5) throw new FormatException($"'{line}' is not consignment,source,time,status,place");
            var at = DateTime.ParseExact(f[2].Trim(), "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var log = f[1].Trim() switch
            {
                "depot" => scans,
                "driver" => driver,
                var other => throw new FormatException($"unknown source '{other}'"),
            };
            var consignment = f[0].Trim();
            if (!log.TryGetValue(consignment, out var events)) log[consignment] = events = [];
            if (events.Count > 0 && events[^1].At > at) throw new FormatException($"{consignment}: events out of order at {f[2]}");
            events.Add(new TrackingEvent(at, f[3].Trim(), f[4].Trim()));
        }
        return scans.Keys.Union(driver.Keys).Order(StringComparer.Ordinal).ToDictionary(c => c, c =>
            (scans.TryGetValue(c, out var s) ? s.ToArray() : [], driver.TryGetValue(c, out var d) ? d.ToArray() : []));
    }
}
