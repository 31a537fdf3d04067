using System.Globalization;
using Tracking;

// Rebuilds the tracking pages from the night's export, as the job behind the customer tracking site does.
var path = args.Length > 0 ? args[0] : "exports/2025-09-03.csv";
using var export = File.OpenText(path);
foreach (var (consignment, (scans, driver)) in TrackingExport.Read(export))
{
    var history = Timeline.Merge(scans, driver);
    var progress = Timeline.Summarise(history);
    Console.WriteLine($"{consignment}: {progress.Status}, {progress.Place}, attempts {progress.Attempts}");
    foreach (var e in history)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.At:yyyy-MM-dd HH:mm} {e.Status} ({e.Place})"));
}
