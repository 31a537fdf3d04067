using Parking;

namespace Parking.Tests;

public sealed class TariffTests
{
    private static readonly Tariff StationRoad = Tariff.Parse(
    [
        "from_minutes,price",
        "0,0.00",
        "20,1.20",
        "60,2.50",
        "120,4.00",
        "240,6.50",
        "480,11.00",
    ]);

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(19, "0.00")]
    [InlineData(20, "1.20")]
    [InlineData(59, "1.20")]
    [InlineData(60, "2.50")]
    [InlineData(119, "2.50")]
    [InlineData(120, "4.00")]
    [InlineData(200, "4.00")]
    [InlineData(240, "6.50")]
    [InlineData(300, "6.50")]
    public void A_stay_pays_the_band_it_has_reached(int minutes, string price)
    {
        Assert.Equal(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), StationRoad.Charge(minutes));
    }

    [Fact]
    public void The_day_rate_is_the_last_band()
    {
        Assert.Equal(11.00m, StationRoad.DayRate);
    }

    [Fact]
    public void Bands_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Tariff([new Band(0, 0m), new Band(60, 2m), new Band(30, 1m)]));
        Assert.Throws<ArgumentException>(() => new Tariff([new Band(10, 1m)]));
    }

    [Fact]
    public void A_negative_stay_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StationRoad.Charge(-1));
    }

    [Fact]
    public void The_log_refuses_what_cannot_be_a_stay()
    {
        var log = ExitLog.Read(
        [
            "plate,entry,exit,ticket",
            "AB12 CDE,09:00,09:45,standard",
            "ZX99 YYY,14:00,13:00,standard",
            "QQ11 QQQ,9am,10:00,standard",
            "",
        ]);
        Assert.Single(log.Exits);
        Assert.Equal(45, log.Exits[0].Minutes);
        Assert.Equal(2, log.Refused.Count);
    }

    [Fact]
    public void A_morning_is_cashed_up()
    {
        var log = ExitLog.Read(
        [
            "plate,entry,exit,ticket",
            "AB12 CDE,08:00,08:10,standard",
            "CD34 EFG,08:00,09:30,standard",
            "EF56 GHI,07:30,12:00,standard",
            "GH78 IJK,08:15,10:00,season",
            "IJ90 KLM,09:00,09:20,lost",
        ]);
        var takings = new DayTakings(StationRoad, log.Exits);
        Assert.Equal([0.00m, 2.50m, 6.50m, 0.00m, 11.00m], takings.Charges.Select(c => c.Amount));
        Assert.Equal(20.00m, takings.Total);
        Assert.Equal(3, takings.Paid);
        Assert.Equal(1, takings.Free);
        Assert.Equal(1, takings.Season);
        Assert.Equal("paid 3, free 1, season 1, takings 20.00", takings.Lines().Last());
    }
}
