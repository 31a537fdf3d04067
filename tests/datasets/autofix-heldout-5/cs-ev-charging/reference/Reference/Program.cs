using Charging;

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

var morning = new DateTime(2025, 3, 14, 8, 0, 0);
ChargingSite Site() => new(22m, 4, 0.30m, 6m, TimeSpan.FromMinutes(30));

Check(() =>
{
    var site = Site();
    site.Plug("a", 22m, morning);
    site.Plug("b", 22m, morning);
    site.Plug("c", 22m, morning);
    site.Full("a", morning.AddHours(1));
    site.Unplug("a", morning.AddHours(2));
    return site.Drawing == 2 && site.Sessions.All(s => s.Kw == 11m);
}, "a full car that unplugs leaves the count of cars drawing unchanged");
Check(() =>
{
    var site = Site();
    site.Plug("a", 11m, morning);
    site.Full("a", morning.AddHours(1));
    site.Unplug("a", morning.AddHours(2));
    var connector = site.Plug("b", 22m, morning.AddHours(3));
    return connector == 1 && site.Drawing == 1 && site.Sessions.Single().Kw == 22m && site.Unplug("b", morning.AddHours(4)).Kwh == 22m;
}, "a car plugged in after a full car left gets the whole connection");
Check(() =>
{
    var site = Site();
    site.Plug("a", 22m, morning);
    site.Plug("b", 22m, morning);
    site.Plug("c", 22m, morning);
    site.Full("a", morning.AddHours(1));
    site.Unplug("a", morning.AddHours(1));
    site.Full("b", morning.AddHours(2));
    var c = site.Sessions.Single(s => s.Car == "c");
    return site.Drawing == 1 && c.Kw == 22m && site.Sessions.Sum(s => s.Kw) <= 22m;
}, "the last car drawing gets the whole connection, never more than the grid");
Check(() =>
{
    var site = Site();
    site.Plug("a", 11m, morning);
    site.Plug("b", 22m, morning);
    site.Full("a", morning.AddHours(1));
    var a = site.Unplug("a", morning.AddHours(2));
    var b = site.Unplug("b", morning.AddHours(3));
    return a == new Receipt("a", 1, 11m, 3.30m, 3m) && b.Kwh == 11m + 22m + 22m && site.Drawing == 0;
}, "receipts after a full car unplugs");

Check(() =>
{
    var site = new ChargingSite(22m, 4, 0.28m, 2.40m, TimeSpan.FromMinutes(30));
    var day = new DateOnly(2025, 3, 14);
    DateTime At(int h, int m) => day.ToDateTime(new TimeOnly(h, m));
    site.Plug("EV-PRIYA", 11m, At(7, 40));
    site.Plug("EV-MARCUS", 7.4m, At(7, 55));
    site.Plug("EV-JUN", 22m, At(8, 10));
    site.Full("EV-MARCUS", At(9, 30));
    var marcus = site.Unplug("EV-MARCUS", At(10, 15));
    site.Full("EV-PRIYA", At(11, 0));
    if (site.Drawing != 1 || site.Sessions.Single(s => s.Car == "EV-JUN").Kw != 22m) return false;
    site.Plug("EV-OLA", 11m, At(11, 20));
    var priya = site.Unplug("EV-PRIYA", At(12, 5));
    site.Full("EV-JUN", At(13, 30));
    site.Full("EV-OLA", At(14, 10));
    var ola = site.Unplug("EV-OLA", At(16, 45));
    var jun = site.Unplug("EV-JUN", At(17, 30));
    return marcus == new Receipt("EV-MARCUS", 2, 11.63m, 3.26m, 0.60m)
        && priya == new Receipt("EV-PRIYA", 1, 31.78m, 8.90m, 1.40m)
        && jun == new Receipt("EV-JUN", 3, 57.44m, 16.08m, 8.40m)
        && ola == new Receipt("EV-OLA", 2, 31.17m, 8.73m, 5.00m)
        && site.Drawing == 0 && site.Sessions.Count == 0;
}, "the depot's day of 14 March: every receipt");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
