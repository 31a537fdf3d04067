using Postage;

namespace Postage.Tests;

public class RateCardTests
{
    [Theory]
    [InlineData(100, "Large letter")]
    [InlineData(1500, "Small parcel")]
    [InlineData(4200, "Medium parcel")]
    [InlineData(12000, "Heavy parcel")]
    public void Weight_picks_its_band(int grams, string band) => Assert.Equal(band, RateCard.Domestic.BandFor(grams).Name);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(25000)]
    public void Weights_the_carrier_does_not_take_are_refused(int grams) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RateCard.Domestic.BandFor(grams));

    [Fact]
    public void Bands_are_read_in_weight_order()
    {
        var card = new RateCard([new Band("Big", 5000, 9m), new Band("Small", 1000, 3m)]);
        Assert.Equal("Small", card.BandFor(400).Name);
        Assert.Equal(5000, card.MaxGrams);
    }

    [Fact]
    public void Dispatch_labels_and_total()
    {
        var labels = Dispatch.Labels([new Parcel("#1", 300), new Parcel("#2", 3000)], RateCard.Domestic);
        Assert.Equal([new Label("#1", "Large letter", 2.70m), new Label("#2", "Medium parcel", 7.49m)], labels);
        Assert.Equal(10.19m, Dispatch.Total(labels));
    }
}
