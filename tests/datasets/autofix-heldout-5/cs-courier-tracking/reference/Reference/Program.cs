using Tracking;

var failures = new List<string>();
void Check(Func<bool> ok, string what)
{
    try
    {
        if (!ok()) failures.Add(what);
    }
    catch (Exception e)
    {
        failures.Add($"{what} ({e.GetType().Name}: {e.Message})");
    }
}

TrackingEvent E(int day, int hour, int minute, string status, string place) => new(new DateTime(2025, 9, day, hour, minute, 0), status, place);

Check(() =>
{
    TrackingEvent[] scans = [E(1, 16, 20, "Collected", "Slough"), E(2, 0, 45, "At hub", "Daventry"), E(2, 7, 5, "Out for delivery", "Coventry"), E(2, 18, 30, "Returned to depot", "Coventry")];
    TrackingEvent[] driver = [E(2, 13, 12, "Carded", "Coventry CV3")];
    var history = Timeline.Merge(scans, driver);
    return history.SequenceEqual([scans[0], scans[1], scans[2], driver[0], scans[3]])
        && Timeline.Summarise(history) == new Progress("Returned to depot", "Coventry", new DateTime(2025, 9, 2, 18, 30, 0), 1, null);
}, "a carded consignment returned to the depot ends with the depot's scan");
Check(() =>
{
    TrackingEvent[] scans = [E(2, 15, 2, "Collected", "Swindon"), E(2, 22, 40, "At hub", "Daventry")];
    var history = Timeline.Merge(scans, []);
    return history.SequenceEqual(scans) && Timeline.Summarise(history) == new Progress("At hub", "Daventry", new DateTime(2025, 9, 2, 22, 40, 0), 0, null);
}, "a consignment not yet out for delivery has only depot scans");
Check(() =>
{
    TrackingEvent[] driver = [E(2, 9, 0, "Delivered", "Derby DE1")];
    return Timeline.Merge([], driver).SequenceEqual(driver);
}, "a history with only a driver's event");
Check(() =>
{
    TrackingEvent[] scans = [E(2, 7, 0, "Out for delivery", "Derby"), E(2, 9, 0, "Returned to depot", "Derby"), E(2, 9, 30, "Held at depot", "Derby")];
    TrackingEvent[] driver = [E(2, 9, 0, "Carded", "Derby DE1")];
    return Timeline.Merge(scans, driver).SequenceEqual([scans[0], scans[1], driver[0], scans[2]]);
}, "scans after the driver's last event, a scan first in the same minute");
Check(() =>
{
    TrackingEvent[] scans = [E(1, 17, 42, "Collected", "Reading"), E(2, 6, 55, "Out for delivery", "Leicester")];
    TrackingEvent[] driver = [E(2, 11, 38, "Delivered", "Leicester LE2")];
    return Timeline.Merge(scans, driver).SequenceEqual([scans[0], scans[1], driver[0]]);
}, "a first-time delivery is merged as before");
Check(() =>
{
    var export = TrackingExport.Read(new StringReader("""
        HX204502,depot,2025-09-01 16:20,Collected,Slough
        HX204502,depot,2025-09-02 07:05,Out for delivery,Coventry
        HX204502,driver,2025-09-02 13:12,Carded,Coventry CV3
        HX204502,depot,2025-09-02 18:30,Returned to depot,Coventry
        HX204502,depot,2025-09-03 07:00,Out for delivery,Coventry
        HX204502,driver,2025-09-03 10:20,Delivered,Coventry CV3
        HX204558,depot,2025-09-02 15:02,Collected,Swindon
        """));
    var returned = Timeline.Merge(export["HX204502"].Scans, export["HX204502"].Driver);
    var waiting = Timeline.Merge(export["HX204558"].Scans, export["HX204558"].Driver);
    return returned.Select(e => e.Status).SequenceEqual(["Collected", "Out for delivery", "Carded", "Returned to depot", "Out for delivery", "Delivered"])
        && Timeline.Summarise(returned) is { Attempts: 2, Status: "Delivered" }
        && Timeline.Summarise(waiting) is { Status: "Collected", Place: "Swindon", Attempts: 0, DeliveredAt: null };
}, "the tracking pages of a night's export");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
