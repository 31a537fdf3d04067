using Charging;

namespace Charging.Tests;

public class ChargingSiteTests
{
    private static readonly DateTime Morning = new(2025, 3, 10, 8, 0, 0);

    private static ChargingSite Site(decimal gridKw = 22m, int connectors = 3) =>
        new(gridKw, connectors, pricePerKwh: 0.30m, idleFeePerHour: 6m, grace: TimeSpan.FromMinutes(30));

    [Fact]
    public void A_car_alone_charges_at_its_own_maximum()
    {
        var site = Site();
        Assert.Equal(1, site.Plug("ev-1", 11m, Morning));
        Assert.Equal(11m, site.Sessions.Single().Kw);
        Assert.Equal(1, site.Drawing);
    }

    [Fact]
    public void Cars_share_the_grid_connection_equally_up_to_their_maximum()
    {
        var site = Site();
        site.Plug("ev-1", 22m, Morning);
        site.Plug("ev-2", 22m, Morning.AddMinutes(5));
        site.Plug("ev-3", 7m, Morning.AddMinutes(10));
        Assert.Equal([22m / 3, 22m / 3, 7m], site.Sessions.Select(s => s.Kw));
        Assert.Equal(3, site.Drawing);
    }

    [Fact]
    public void A_full_car_gives_its_share_to_the_others()
    {
        var site = Site();
        site.Plug("ev-1", 22m, Morning);
        site.Plug("ev-2", 11m, Morning);
        site.Full("ev-2", Morning.AddHours(1));
        Assert.Equal([22m, 0m], site.Sessions.Select(s => s.Kw));
        Assert.Equal(1, site.Drawing);
    }

    [Fact]
    public void The_receipt_charges_the_energy_delivered()
    {
        var site = Site();
        site.Plug("ev-1", 11m, Morning);
        var receipt = site.Unplug("ev-1", Morning.AddMinutes(150));
        Assert.Equal(new Receipt("ev-1", 1, 27.5m, 8.25m, 0m), receipt);
        Assert.Equal(0, site.Drawing);
    }

    [Fact]
    public void Energy_follows_the_share_as_cars_come_and_go()
    {
        var site = Site();
        site.Plug("ev-1", 22m, Morning);
        site.Plug("ev-2", 22m, Morning.AddHours(1));
        var second = site.Unplug("ev-2", Morning.AddHours(2));
        var first = site.Unplug("ev-1", Morning.AddHours(3));
        Assert.Equal(11m, second.Kwh);
        Assert.Equal(55m, first.Kwh);
    }

    [Fact]
    public void A_full_car_pays_for_the_time_on_the_connector_after_the_grace_period()
    {
        var site = Site();
        site.Plug("ev-1", 7m, Morning);
        site.Full("ev-1", Morning.AddHours(2));
        var receipt = site.Unplug("ev-1", Morning.AddHours(3).AddMinutes(30));
        Assert.Equal(14m, receipt.Kwh);
        Assert.Equal(4.20m, receipt.Energy);
        Assert.Equal(6m, receipt.IdleFee);
        Assert.Equal(10.20m, receipt.Total);
    }

    [Fact]
    public void A_freed_connector_is_used_again()
    {
        var site = Site(connectors: 2);
        site.Plug("ev-1", 11m, Morning);
        site.Plug("ev-2", 11m, Morning);
        site.Unplug("ev-1", Morning.AddHours(1));
        Assert.Equal(1, site.Plug("ev-3", 11m, Morning.AddHours(2)));
        Assert.Throws<InvalidOperationException>(() => site.Plug("ev-4", 11m, Morning.AddHours(2)));
    }

    [Fact]
    public void Unknown_cars_and_repeated_events_are_refused()
    {
        var site = Site();
        site.Plug("ev-1", 11m, Morning);
        Assert.Throws<InvalidOperationException>(() => site.Plug("EV-1", 11m, Morning));
        Assert.Throws<KeyNotFoundException>(() => site.Unplug("ev-9", Morning));
        site.Full("ev-1", Morning.AddHours(1));
        Assert.Throws<InvalidOperationException>(() => site.Full("ev-1", Morning.AddHours(2)));
        Assert.Throws<ArgumentException>(() => site.Unplug("ev-1", Morning));
    }
}
