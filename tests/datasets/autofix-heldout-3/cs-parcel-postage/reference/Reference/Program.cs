using Postage;

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

var card = RateCard.Domestic;
Check(() => card.BandFor(20000) == new Band("Heavy parcel", 20000, 12.99m), "exactly 20 kg is still a heavy parcel");
Check(() => card.BandFor(750).Name == "Large letter", "exactly 750 g is a large letter");
Check(() => card.BandFor(2000).Name == "Small parcel", "exactly 2 kg is a small parcel");
Check(() => card.BandFor(10000).Name == "Medium parcel", "exactly 10 kg is a medium parcel");
Check(() => card.BandFor(751).Name == "Small parcel" && card.BandFor(2001).Name == "Medium parcel", "a gram over a limit goes up a band");
Check(() => card.BandFor(1).Name == "Large letter" && card.BandFor(19999).Name == "Heavy parcel", "inside the bands unchanged");
foreach (var grams in new[] { 0, 20001 })
{
    try
    {
        card.BandFor(grams);
        failures.Add($"{grams} g is still refused");
    }
    catch (ArgumentOutOfRangeException)
    {
    }
}
Check(() => new RateCard([new Band("Flat", 1000, 5m)]).BandFor(1000).Name == "Flat", "a one-band card takes its own limit");
Check(() =>
{
    var labels = Dispatch.Labels([new("#10412", 340), new("#10413", 1850), new("#10415", 6200), new("#10416", 20000), new("#10418", 980)], card);
    return labels.Select(l => l.Band).SequenceEqual(["Large letter", "Small parcel", "Medium parcel", "Heavy parcel", "Small parcel"])
        && Dispatch.Total(labels) == 31.56m;
}, "today's labels and carrier total");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
