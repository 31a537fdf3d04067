using Regatta;

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

Crew[] Unseeded(int count) => [.. Enumerable.Range(1, count).Select(i => new Crew(i, $"Club {i}"))];
IEnumerable<int> Sizes(IReadOnlyList<IReadOnlyList<Crew>> heats) => heats.Select(h => h.Count);

Check(() => Sizes(Draw.Heats(Unseeded(14), 6)).SequenceEqual([6, 6, 2]), "14 crews on 6 lanes: two full heats and the rest");
Check(() => Sizes(Draw.Heats(Unseeded(12), 6)).SequenceEqual([6, 6]), "12 crews on 6 lanes: two full heats");
Check(() => Sizes(Draw.Heats(Unseeded(20), 6)).SequenceEqual([6, 6, 6, 2]), "20 crews on 6 lanes: no heat has more crews than lanes");
Check(() => Sizes(Draw.Heats(Unseeded(9), 4)).SequenceEqual([4, 4, 1]), "9 crews on 4 lanes");
Check(() =>
{
    var heats = Draw.Heats(Unseeded(13), 6);
    return heats.SelectMany(h => h).Select(c => c.Bow).SequenceEqual(Enumerable.Range(1, 13));
}, "every crew races once, in seed order across the heats");
Check(() =>
{
    var entries = Unseeded(8).Select(c => c.Bow is 7 or 2 ? c with { Seed = TimeSpan.FromSeconds(360 + c.Bow) } : c).ToArray();
    var heats = Draw.Heats(entries, 4);
    return heats[0].Select(c => c.Bow).SequenceEqual([2, 7, 1, 3]) && heats[1].Select(c => c.Bow).SequenceEqual([4, 5, 6, 8]);
}, "the seeded crews head the first heat");
Check(() =>
{
    var seed = (int minutes, int seconds) => (TimeSpan?)new TimeSpan(0, minutes, seconds);
    Crew[] saturday =
    [
        new(101, "Castle RC", seed(6, 12)), new(102, "Tideway Scullers"), new(103, "Northwich RC", seed(6, 31)),
        new(104, "St Ives RC"), new(105, "Grosvenor RC", seed(6, 5)), new(106, "Bewdley RC"),
        new(107, "Avon County RC", seed(6, 40)), new(108, "Durham ARC"), new(109, "Walton RC"),
        new(110, "Kingston RC", seed(6, 22)), new(111, "Marlow RC"), new(112, "Reading RC"),
        new(113, "Agecroft RC"), new(114, "Loughborough BC"),
    ];
    var heats = Draw.Heats(saturday, 6);
    return heats.Count == 3
        && heats[0].Select(c => c.Bow).SequenceEqual([105, 101, 110, 103, 107, 102])
        && heats[1].Select(c => c.Bow).SequenceEqual([104, 106, 108, 109, 111, 112])
        && heats[2].Select(c => c.Bow).SequenceEqual([113, 114])
        && Draw.Lanes(heats[2], 6).SequenceEqual([(3, heats[2][0]), (4, heats[2][1])]);
}, "Saturday's open fours");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
