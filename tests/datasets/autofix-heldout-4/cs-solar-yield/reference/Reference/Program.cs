using Solar;

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

DailyReport Report(string export) => new(ExportReader.Read(new StringReader(export)));
const string Quarters = "from,to,wh\n2024-06-21T10:00,2024-06-21T10:15,250\n2024-06-21T10:15,2024-06-21T10:30,400.5\n2024-06-21T10:30,2024-06-21T10:45,0\n";

Check(() => ExportReader.Read(new StringReader(Quarters))[0].AverageWatts == 1000m, "250 Wh in a quarter of an hour is a mean of 1000 W");
Check(() => Report(Quarters).Peak() == (new DateTime(2024, 6, 21, 10, 15, 0), 1602m), "the peak of a quarter-hourly export");
Check(() => Report(Quarters).GeneratingHours == 0.5m, "two generating quarters are half an hour");
Check(() => Report(Quarters).KilowattHours == 0.65m, "energy of a quarter-hourly export");
Check(() =>
{
    var report = Report("from,to,wh\n2024-06-21T06:00,2024-06-21T07:00,900\n2024-06-21T07:00,2024-06-21T07:30,500\n2024-06-21T07:30,2024-06-21T07:45,200\n");
    return report.Peak() == (new DateTime(2024, 6, 21, 7, 0, 0), 1000m) && report.GeneratingHours == 1.75m;
}, "intervals of different lengths");
Check(() =>
{
    var report = Report("from,to,wh\n2024-03-20T08:00,2024-03-20T09:00,640.5\n2024-03-20T09:00,2024-03-20T10:00,1480\n");
    return report.Peak() == (new DateTime(2024, 3, 20, 9, 0, 0), 1480m) && report.GeneratingHours == 2m && report.KilowattHours == 2.12m;
}, "hourly exports unchanged");
Check(() =>
{
    using var export = File.OpenText("exports/2024-06-21.csv");
    var report = new DailyReport(ExportReader.Read(export));
    return report.KilowattHours == 25.97m && report.GeneratingHours == 16.5m
        && report.Peak() == (new DateTime(2024, 6, 21, 12, 45, 0), 3585m) && report.Saving(24.50m) == 6.36m;
}, "the longest day");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
