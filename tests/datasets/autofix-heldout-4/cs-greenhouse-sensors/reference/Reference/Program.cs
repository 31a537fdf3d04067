using Greenhouse;

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

var six = new DateTime(2024, 5, 14, 6, 0, 0);
SensorLog Fed(int perSummary, params double[] celsius)
{
    var log = new SensorLog(perSummary);
    for (var i = 0; i < celsius.Length; i++) log.Add(new Reading(six.AddMinutes(5 * i), celsius[i], 70 + i));
    return log;
}

Check(() =>
{
    var log = Fed(3, 14.0, 16.0, 15.0);
    return log.Pending == 0 && log.Summaries.Count == 1
        && log.Summaries[0] == new Summary(six, six.AddMinutes(10), 3, 14.0, 16.0, 15.0, 71);
}, "a full block is summarised from its readings and a new block starts");
Check(() =>
{
    var log = Fed(2, 10, 12, 20, 22, 30);
    return log.Pending == 1 && log.Summaries.Select(s => s.MeanCelsius).SequenceEqual([11.0, 21.0])
        && log.Summaries[1].From == six.AddMinutes(10) && log.Summaries[1].To == six.AddMinutes(15);
}, "each block is summarised on its own");
Check(() =>
{
    var log = Fed(2, 10, 12, 20);
    var rest = log.Flush();
    return rest == new Summary(six.AddMinutes(10), six.AddMinutes(10), 1, 20, 20, 20, 72) && log.Summaries.Count == 2 && log.Pending == 0;
}, "flushing after a full block summarises only what came since");
Check(() =>
{
    var log = Fed(2, 10, 12);
    try
    {
        log.Flush();
        return false;
    }
    catch (InvalidOperationException)
    {
        return log.Summaries.Count == 1;
    }
}, "nothing to flush right after a full block");
Check(() =>
{
    var log = Fed(12,
        14.2, 14.3, 14.5, 14.8, 15.1, 15.6, 16.0, 16.4, 16.9, 17.5, 18.1, 18.6,
        19.2, 19.9, 20.5, 21.0, 21.6, 22.3, 22.8, 23.4, 24.1, 24.6, 25.0, 25.5,
        25.9, 26.2, 26.4, 26.1);
    var first = log.Summaries[0];
    var second = log.Summaries[1];
    return log.Summaries.Count == 2 && log.Pending == 4
        && first.MinCelsius == 14.2 && first.MaxCelsius == 18.6 && first.MeanCelsius == 16.0 && first.Count == 12
        && second.From == six.AddHours(1) && second.MeanCelsius == 22.5 && log.VentsOpen(22) && !log.VentsOpen(23)
        && log.Flush().MeanCelsius == 26.2 && log.VentsOpen(26);
}, "bench 3's sunny morning");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
