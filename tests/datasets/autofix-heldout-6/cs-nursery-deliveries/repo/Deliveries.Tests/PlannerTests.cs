using Deliveries;

namespace Deliveries.Tests;

public sealed class PlannerTests
{
    private static readonly Round Round = new(["HX1", "HX2", "HX3", "HD1"]);

    private static Fleet Vans(int count) =>
        new(Enumerable.Range(1, count).Select(i => new Van($"V{i}", $"Driver {i}", 40)));

    private static Order O(string id, string district, int trays = 5) => new(id, $"Customer {id}", district, trays);

    [Theory]
    [InlineData(6, 3, 2)]
    [InlineData(9, 3, 3)]
    [InlineData(4, 2, 2)]
    [InlineData(5, 1, 5)]
    public void Each_van_takes_its_share_of_the_stops(int stops, int vans, int perVan)
    {
        Assert.Equal(perVan, Vans(vans).StopsPerVan(stops));
    }

    [Fact]
    public void Stops_go_out_in_round_order()
    {
        var plan = new RoutePlanner(Vans(2), Round).Plan([O("A4", "HD1"), O("A2", "HX3"), O("A3", "HX1"), O("A1", "HX3")]);
        Assert.Equal(2, plan.Runs.Count);
        Assert.Equal(["A3", "A1"], plan.Runs[0].Stops.Select(s => s.Id));
        Assert.Equal(["A2", "A4"], plan.Runs[1].Stops.Select(s => s.Id));
        Assert.Equal("V2", plan.Runs[1].Van.Id);
    }

    [Fact]
    public void Orders_off_the_round_are_refused()
    {
        var plan = new RoutePlanner(Vans(1), Round).Plan([O("A1", "HX1"), O("A2", "OL14")]);
        Assert.Equal(["A2"], plan.Refused.Select(o => o.Id));
        Assert.Equal(1, plan.Stops);
        Assert.Equal("refused: A2 Customer A2 (OL14): district not on the round", RoutePlanner.LoadSheet(plan).ElementAt(2));
    }

    [Fact]
    public void A_day_without_orders_sends_no_van()
    {
        var plan = new RoutePlanner(Vans(3), Round).Plan([]);
        Assert.Empty(plan.Runs);
        Assert.Equal("0 stops, 0 trays, 0 vans out", RoutePlanner.LoadSheet(plan).Single());
    }

    [Fact]
    public void A_run_over_the_racks_is_flagged()
    {
        var plan = new RoutePlanner(Vans(3), Round).Plan([O("A1", "HX1", 30), O("A2", "HX1", 15), O("A3", "HX2"), O("A4", "HX2"), O("A5", "HX3"), O("A6", "HD1")]);
        Assert.True(plan.Runs[0].OverCapacity);
        Assert.Equal("V1 Driver 1: 2 stops, 45/40 trays  OVER CAPACITY", RoutePlanner.LoadSheet(plan).First());
        Assert.False(plan.Runs[1].OverCapacity);
        Assert.Equal(65, plan.Trays);
    }

    [Fact]
    public void The_shops_export_is_read()
    {
        var orders = OrderBook.Parse(["id,customer,district,trays", "N-1,A. Smith,hx1,3", "", "N-2,B. Jones,HD1,12"]);
        Assert.Equal([new Order("N-1", "A. Smith", "HX1", 3), new Order("N-2", "B. Jones", "HD1", 12)], orders);
        Assert.Throws<FormatException>(() => OrderBook.Parse(["id,customer,district,trays", "N-1,A,HX1,3", "N-1,A,HX1,4"]));
    }

    [Fact]
    public void The_fleet_and_the_round_are_read()
    {
        var fleet = Fleet.Parse(["id,driver,capacity_trays", "V1,Priti,60", "V2,Gareth,60"]);
        Assert.Equal(2, fleet.Vans.Count);
        Assert.Equal(60, fleet[1].CapacityTrays);
        var round = Round.Parse(["# round", "district", "HX1", "HX2"]);
        Assert.Equal(1, round.Position("HX2"));
        Assert.False(round.Covers("HD1"));
    }
}
