using Solar;

// The owner's statement line for a day, from the inverter's export (the new inverter reports every 15 minutes).
var path = args.Length > 0 ? args[0] : "exports/2024-06-21.csv";
using var export = File.OpenText(path);
var report = new DailyReport(ExportReader.Read(export));
var (at, watts) = report.Peak();
Console.WriteLine($"{Path.GetFileNameWithoutExtension(path)}: {report.KilowattHours} kWh over {report.GeneratingHours} h");
Console.WriteLine($"peak {watts} W at {at:HH:mm}, saving £{report.Saving(24.50m)} at 24.50p/kWh");
