using Seating;

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

IEnumerable<string> All(SeatMap map) =>
    from r in Enumerable.Range(0, map.Rows) from n in Enumerable.Range(1, map.SeatsPerRow) select $"{(char)('A' + r)}{n}";

Check(() =>
{
    var deep = new SeatMap(10, 8);
    deep.Book("J8");
    return !deep.IsFree("J8") && deep.IsFree("J7") && deep.Free == 79;
}, "the back corner of a deep screen can be sold");
Check(() =>
{
    var deep = new SeatMap(10, 8);
    foreach (var seat in All(deep))
    {
        if (!deep.IsFree(seat)) return false;
        deep.Book(seat);
    }
    return deep.Free == 0;
}, "every seat of a 10 x 8 screen is sold once, each on its own");
Check(() =>
{
    var wide = new SeatMap(3, 12);
    foreach (var seat in All(wide))
    {
        if (!wide.IsFree(seat)) return false;
        wide.Book(seat);
    }
    return wide.Free == 0;
}, "every seat of a 3 x 12 screen is sold once, each on its own");
Check(() =>
{
    var wide = new SeatMap(3, 12);
    wide.Book("A9");
    wide.Book("A12");
    return wide.FreeInRow('B').Count() == 12 && wide.FreeInRow('A').SequenceEqual(["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A10", "A11"]);
}, "selling in one row leaves the next row free");
Check(() =>
{
    var screen2 = new SeatMap(10, 8);
    foreach (var seat in new[] { "E4", "E5", "A1", "H6", "H7", "H8", "J7", "J8", "C2", "C3" }) screen2.Book(seat);
    return screen2.Free == 70 && screen2.FreeInRow('J').SequenceEqual(["J1", "J2", "J3", "J4", "J5", "J6"])
        && screen2.FreeInRow('H').SequenceEqual(["H1", "H2", "H3", "H4", "H5"]) && screen2.FreeInRow('I').Count() == 8;
}, "tonight's screening");
Check(() =>
{
    try
    {
        new SeatMap(10, 8).Book("K1");
        return false;
    }
    catch (ArgumentOutOfRangeException)
    {
        return true;
    }
}, "a row past the back is still refused");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
