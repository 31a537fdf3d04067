using Tracking;

namespace Tracking.Tests;

public class TrackingTests
{
    private static TrackingEvent E(int day, int hour, int minute, string status, string place) =>
        new(new DateTime(2025, 9, day, hour, minute, 0), status, place);

    [Fact]
    public void A_first_time_delivery_ends_with_the_drivers_event()
    {
        TrackingEvent[] scans = [E(1, 17, 42, "Collected", "Reading"), E(1, 23, 10, "At hub", "Daventry"), E(2, 6, 55, "Out for delivery", "Leicester")];
        TrackingEvent[] driver = [E(2, 11, 38, "Delivered", "Leicester LE2")];
        var history = Timeline.Merge(scans, driver);
        Assert.Equal([.. scans, .. driver], history);
        Assert.Equal(new Progress("Delivered", "Leicester LE2", new DateTime(2025, 9, 2, 11, 38, 0), 1, new DateTime(2025, 9, 2, 11, 38, 0)), Timeline.Summarise(history));
    }

    [Fact]
    public void A_second_attempt_is_merged_between_the_scans()
    {
        TrackingEvent[] scans = [E(1, 18, 5, "Collected", "Oxford"), E(2, 7, 15, "Out for delivery", "Derby"), E(3, 7, 10, "Out for delivery", "Derby")];
        TrackingEvent[] driver = [E(2, 10, 2, "Carded", "Derby DE1"), E(3, 9, 47, "Delivered", "Derby DE1")];
        var history = Timeline.Merge(scans, driver);
        Assert.Equal([scans[0], scans[1], driver[0], scans[2], driver[1]], history);
        var progress = Timeline.Summarise(history);
        Assert.Equal(2, progress.Attempts);
        Assert.Equal(new DateTime(2025, 9, 3, 9, 47, 0), progress.DeliveredAt);
    }

    [Fact]
    public void A_scan_comes_before_a_driver_event_of_the_same_minute()
    {
        TrackingEvent[] scans = [E(2, 7, 0, "Out for delivery", "Derby")];
        TrackingEvent[] driver = [E(2, 7, 0, "Started round", "Derby"), E(2, 9, 0, "Delivered", "Derby DE1")];
        Assert.Equal([scans[0], driver[0], driver[1]], Timeline.Merge(scans, driver));
    }

    [Fact]
    public void A_consignment_without_history_has_no_progress() =>
        Assert.Throws<ArgumentException>(() => Timeline.Summarise([]));

    [Fact]
    public void The_export_is_read_per_consignment_and_source()
    {
        var export = TrackingExport.Read(new StringReader("""
            # consignment,source,time,status,place
            B2,depot,2025-09-01 16:20,Collected,Slough
            A1,depot,2025-09-01 17:42,Collected,Reading
            B2,driver,2025-09-02 13:12,Delivered,Coventry CV3
            A1,driver,2025-09-02 11:38,Delivered,Leicester LE2
            """));
        Assert.Equal(["A1", "B2"], export.Keys);
        Assert.Equal([E(1, 16, 20, "Collected", "Slough")], export["B2"].Scans);
        Assert.Equal([E(2, 13, 12, "Delivered", "Coventry CV3")], export["B2"].Driver);
    }

    [Theory]
    [InlineData("A1,depot,2025-09-01 17:42,Collected")]
    [InlineData("A1,van,2025-09-01 17:42,Collected,Reading")]
    [InlineData("A1,depot,01/09/2025 17:42,Collected,Reading")]
    [InlineData("A1,depot,2025-09-01 17:42,Collected,Reading\nA1,depot,2025-09-01 09:00,At hub,Daventry")]
    public void Broken_exports_are_refused(string text) => Assert.Throws<FormatException>(() => TrackingExport.Read(new StringReader(text)));
}
