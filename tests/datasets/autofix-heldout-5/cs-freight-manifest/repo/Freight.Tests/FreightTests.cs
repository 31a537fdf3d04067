using Freight;

namespace Freight.Tests;

public class FreightTests
{
    private static IReadOnlyList<Consignment> Read(string text) => ManifestReader.Read(new StringReader(text));

    [Fact]
    public void The_reader_takes_one_consignment_per_line()
    {
        var manifest = Read("reference,from,to,pallets,kg\nA-1,BHM,MAN,4,2380\n\nA-2,LON,EDI,1,610.5\n");
        Assert.Equal([new Consignment("A-1", "BHM", "MAN", 4, 2380m), new Consignment("A-2", "LON", "EDI", 1, 610.5m)], manifest);
    }

    [Fact]
    public void The_header_may_be_capitalised()
    {
        var manifest = Read("Reference,From,To,Pallets,Kg\nA-1,BHM,MAN,4,2380\n");
        Assert.Single(manifest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ref,from,to,pallets,kg\nA-1,BHM,MAN,4,2380\n")]
    [InlineData("reference,from,to,pallets,kg\nA-1,BHM,MAN,4\n")]
    [InlineData("reference,from,to,pallets,kg\nA-1,BHM,MAN,0,2380\n")]
    [InlineData("reference,from,to,pallets,kg\nA-1,BHM,MAN,four,2380\n")]
    public void Broken_manifests_are_refused(string text) => Assert.Throws<FormatException>(() => Read(text));

    [Fact]
    public void A_pallet_is_priced_by_the_zones_it_crosses()
    {
        Assert.Equal(0, RateCard.Zones("MAN", "LDS"));
        Assert.Equal(3, RateCard.Zones("GLA", "BHM"));
        var line = RateCard.Price(new Consignment("A-1", "BHM", "GLA", 3, 1500m));
        Assert.Equal(3, line.Zones);
        Assert.Equal(189m, line.Charge);
    }

    [Fact]
    public void Heavy_pallets_pay_a_surcharge()
    {
        Assert.Equal(2 * 46m + 2 * 12.50m, RateCard.Price(new Consignment("A-1", "BHM", "LDS", 2, 1700m)).Charge);
        Assert.Equal(2 * 46m, RateCard.Price(new Consignment("A-2", "BHM", "LDS", 2, 1600m)).Charge);
    }

    [Fact]
    public void A_small_consignment_pays_the_minimum() =>
        Assert.Equal(60m, RateCard.Price(new Consignment("A-1", "BHM", "NOT", 1, 90m)).Charge);

    [Fact]
    public void Unknown_depots_are_refused() =>
        Assert.Throws<KeyNotFoundException>(() => RateCard.Price(new Consignment("A-1", "BHM", "XYZ", 1, 90m)));

    [Fact]
    public void The_invoice_totals_the_night_per_destination()
    {
        var invoice = Invoice.Build(Read("reference,from,to,pallets,kg\nA-1,BHM,MAN,4,2380\nA-2,BHM,LDS,2,900\nA-3,CDF,MAN,1,300\nA-4,BHM,EDI,2,1200\n"));
        Assert.Equal(184m + 92m + 60m + 126m, invoice.Total);
        Assert.Equal(9, invoice.Pallets);
        Assert.Equal([("EDI", 2, 126m), ("LDS", 2, 92m), ("MAN", 5, 244m)], invoice.ByDestination);
    }

    [Fact]
    public void A_consignment_listed_twice_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Invoice.Build(Read("reference,from,to,pallets,kg\nA-1,BHM,MAN,4,2380\na-1,BHM,LDS,1,300\n")));
}
