using Freight;

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

IReadOnlyList<Consignment> Read(string text) => ManifestReader.Read(new StringReader(text));
const string Night = """
    Reference, From, To, Pallets, Kg
    KF-20931, BHM, MAN, 4, 2380
    KF-20932, BHM, GLA, 2, 1710
    KF-20933, BHM, lds, 6, 3120
    KF-20934, BHM, BRS, 1, 420
    KF-20935, BHM, Lds, 3, 2790
    KF-20936, BHM, ABZ, 5, 3650
    KF-20937, BHM, NOT, 1, 95
    """;

Check(() => Read("reference,from,to,pallets,kg\nA-1, BHM ,  MAN,4,2380\n").Single() == new Consignment("A-1", "BHM", "MAN", 4, 2380m),
    "spaces around the depot codes are not part of the code");
Check(() => Read("reference,from,to,pallets,kg\nA-1,bhm,Man,4,2380\n").Single() == new Consignment("A-1", "BHM", "MAN", 4, 2380m),
    "depot codes are read in capitals");
Check(() => RateCard.Price(Read("reference,from,to,pallets,kg\nA-1, Bhm, gla , 3, 1500\n").Single()) is { Zones: 3, Charge: 189m },
    "a consignment with padded lower-case codes is priced like any other");
Check(() =>
{
    var invoice = Invoice.Build(Read(Night));
    return invoice.Lines.Select(l => l.Charge).SequenceEqual([184m, 151m, 276m, 60m, 175.50m, 360m, 60m])
        && invoice.Total == 1266.50m && invoice.Pallets == 22;
}, "Kestrel Foods' manifest of 6 May is priced line by line");
Check(() => Invoice.Build(Read(Night)).ByDestination.SequenceEqual([("ABZ", 5, 360m), ("BRS", 1, 60m), ("GLA", 2, 151m), ("LDS", 9, 451.50m), ("MAN", 4, 184m), ("NOT", 1, 60m)]),
    "the pallets for Leeds are one destination however the export spelled it");
Check(() => Read("reference,from,to,pallets,kg\nA-1,BHM,MAN,4,2380\n").Single() == new Consignment("A-1", "BHM", "MAN", 4, 2380m),
    "a clean manifest reads as before");
Check(() =>
{
    try
    {
        RateCard.Price(Read("reference,from,to,pallets,kg\nA-1, BHM, XYZ, 1, 90\n").Single());
        return false;
    }
    catch (KeyNotFoundException)
    {
        return true;
    }
}, "a depot the network does not have is still refused");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
