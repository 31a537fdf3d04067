using Museum;

namespace Museum.Tests;

public class TillTests
{
    private readonly PriceList winter = new(adult: 14.00m, family: 36.00m);

    [Fact]
    public void Prices_follow_from_the_adult_price()
    {
        Assert.Equal(14.00m, winter.Price(TicketKind.Adult));
        Assert.Equal(7.00m, winter.Price(TicketKind.Child));
        Assert.Equal(10.50m, winter.Price(TicketKind.Senior));
        Assert.Equal(36.00m, winter.Price(TicketKind.Family));
        Assert.Equal(0m, winter.Price(TicketKind.Member));
    }

    [Fact]
    public void Halves_are_rounded_to_the_penny() => Assert.Equal(8.25m, new PriceList(16.50m, 42m).Price(TicketKind.Child));

    [Fact]
    public void An_order_and_the_day_so_far()
    {
        var till = new Till(winter);
        Assert.Equal(35.00m, till.Sell((TicketKind.Adult, 2), (TicketKind.Child, 1)));
        Assert.Equal(36.00m, till.Sell((TicketKind.Family, 1), (TicketKind.Infant, 1)));
        Assert.Equal(71.00m, till.Takings);
        Assert.Equal(8, till.Visitors);
        Assert.Equal(2, till.Sold(TicketKind.Adult));
    }

    [Fact]
    public void Empty_orders_are_refused()
    {
        var till = new Till(winter);
        Assert.Throws<ArgumentException>(() => till.Sell());
        Assert.Throws<ArgumentException>(() => till.Sell((TicketKind.Adult, 0)));
    }

    [Fact]
    public void Prices_need_an_adult_price() => Assert.Throws<ArgumentOutOfRangeException>(() => new PriceList(0m, 36m));
}
