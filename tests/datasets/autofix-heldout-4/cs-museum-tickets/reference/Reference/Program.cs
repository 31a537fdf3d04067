using Museum;

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

var winter = new PriceList(adult: 14.00m, family: 36.00m);
var summer = new PriceList(adult: 16.50m, family: 42.00m);

Check(() => winter.Price(TicketKind.Student) == 10.50m, "a student pays the winter concession price");
Check(() => summer.Price(TicketKind.Student) == 12.38m && summer.Price(TicketKind.Student) == summer.Price(TicketKind.Senior),
    "students and seniors pay the same concession price, to the penny");
Check(() => new PriceList(10.00m, 30m).Price(TicketKind.Student) == 7.50m, "a quarter off any adult price");
Check(() =>
{
    var till = new Till(winter);
    return till.Sell((TicketKind.Adult, 1), (TicketKind.Student, 2)) == 35.00m && till.Sold(TicketKind.Student) == 2 && till.Visitors == 3;
}, "an order with students");
Check(() =>
    winter.Price(TicketKind.Adult) == 14.00m && winter.Price(TicketKind.Child) == 7.00m && winter.Price(TicketKind.Senior) == 10.50m
    && winter.Price(TicketKind.Family) == 36.00m && winter.Price(TicketKind.Member) == 0m && winter.Price(TicketKind.Infant) == 0m,
    "the other prices are unchanged");
Check(() =>
{
    var till = new Till(summer);
    till.Sell((TicketKind.Adult, 2));
    till.Sell((TicketKind.Family, 1), (TicketKind.Infant, 1));
    till.Sell((TicketKind.Senior, 2), (TicketKind.Member, 1));
    var students = till.Sell((TicketKind.Adult, 1), (TicketKind.Student, 2));
    till.Sell((TicketKind.Child, 3), (TicketKind.Adult, 1));
    return students == 41.26m && till.Takings == 182.27m && till.Visitors == 17;
}, "Tuesday morning");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
