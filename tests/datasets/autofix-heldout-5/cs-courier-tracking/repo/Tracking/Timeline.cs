namespace Tracking;

/// <summary>
/// A consignment's history on the tracking page. The depot system and the driver's app each log their own events in
/// time order; the page shows them merged into one history, in time order, a depot scan first when both have the same
/// minute. The latest event says where the consignment is; every "Delivered" or "Carded" event is a delivery attempt.
/// </summary>
public static class Timeline
{
    public static TrackingEvent[] Merge(TrackingEvent[] scans, TrackingEvent[] driver)
    {
        var merged = new TrackingEvent[scans.Length + driver.Length];
        int i = 0, j = 0;
        for (var k = 0; k < merged.Length; k++)
            merged[k] = i < scans.Length && scans[i].At <= driver[j].At ? scans[i++] : driver[j++];
        return merged;
    }

    public static Progress Summarise(TrackingEvent[] history)
    {
        if (history.Length == 0) throw new ArgumentException("a consignment has no history before it is collected", nameof(history));
        var latest = history[^1];
        var attempts = history.Count(e => e.Status is "Delivered" or "Carded");
        var delivered = history.FirstOrDefault(e => e.Status == "Delivered")?.At;
        return new Progress(latest.Status, latest.Place, latest.At, attempts, delivered);
    }
}
