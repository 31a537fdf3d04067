using Transit;

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

var friday = new DateOnly(2025, 11, 21);
DateTime On(int day, int hour, int minute) => new(2025, 11, day, hour, minute, 0);
const string Night = """
    trip,stop,time
    N29-2215,Trafalgar Square,22:15
    N29-2215,Camden Town,22:31
    N29-2215,Wood Green,22:58
    N29-2345,Trafalgar Square,23:45
    N29-2345,Camden Town,24:01
    N29-2345,Wood Green,24:29
    N29-0020,Trafalgar Square,24:20
    N29-0020,Camden Town,24:35
    N29-0020,Wood Green,25:01
    N29-0110,Trafalgar Square,25:10
    N29-0110,Camden Town,25:24
    N29-0110,Wood Green,25:49
    N5-2350,Trafalgar Square,23:50
    N5-2350,Camden Town,24:07
    N5-2350,Edgware,24:56
    """;
Timetable Read() => Timetable.Read(friday, new StringReader(Night));

Check(() => ServiceTime.At(friday, "25:35") == On(22, 1, 35), "25:35 is 01:35 on the next calendar day");
Check(() => ServiceTime.At(friday, "24:00") == On(22, 0, 0), "24:00 is midnight at the end of the service day");
Check(() => ServiceTime.At(friday, "47:59") == On(22, 23, 59), "the feed counts up to 47:59");
Check(() => ServiceTime.At(new DateOnly(2025, 12, 31), "24:10") == new DateTime(2026, 1, 1, 0, 10, 0), "past midnight on New Year's Eve is in the next year");
Check(() => ServiceTime.At(friday, "23:59") == On(21, 23, 59), "times before midnight are unchanged");
Check(() => Read().DeparturesFrom("Trafalgar Square", On(21, 23, 30), 4).Select(c => (c.Trip, c.At))
        .SequenceEqual([("N29-2345", On(21, 23, 45)), ("N5-2350", On(21, 23, 50)), ("N29-0020", On(22, 0, 20)), ("N29-0110", On(22, 1, 10))]),
    "the night board runs on past midnight in time order");
Check(() => Read().DeparturesFrom("Camden Town", On(22, 0, 5), 5).Select(c => c.Trip).SequenceEqual(["N5-2350", "N29-0020", "N29-0110"]),
    "departures after midnight");
Check(() => Read().JourneyTime("N29-2345", "Trafalgar Square", "Wood Green") == TimeSpan.FromMinutes(44)
        && Read().JourneyTime("N29-0110", "Trafalgar Square", "Wood Green") == TimeSpan.FromMinutes(39)
        && Read().JourneyTime("N5-2350", "Camden Town", "Edgware") == TimeSpan.FromMinutes(49),
    "journeys across and after midnight");
Check(() => Read().LastDeparture("Trafalgar Square") == new Call("N29-0110", "Trafalgar Square", On(22, 1, 10))
        && Read().LastDeparture("Camden Town").At == On(22, 1, 24),
    "the last bus of the night is after midnight");
Check(() =>
{
    try
    {
        Timetable.Read(friday, new StringReader("trip,stop,time\nN29-0110,Trafalgar Square,25:10\nN29-0110,Camden Town,24:50\n"));
        return false;
    }
    catch (FormatException)
    {
        return true;
    }
}, "a night trip that goes back in time is still refused");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
