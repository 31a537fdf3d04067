using System.Globalization;
using Transit;

// Prints the night-bus board for the Friday service: the next departures from Trafalgar Square after 23:30,
// the journey times to Wood Green, and the last bus from each stop.
var path = args.Length > 0 ? args[0] : "feeds/2025-11-21.csv";
var day = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(path), "yyyy-MM-dd", CultureInfo.InvariantCulture);
using var feed = File.OpenText(path);
var timetable = Timetable.Read(day, feed);
var from = day.ToDateTime(new TimeOnly(23, 30));
foreach (var call in timetable.DeparturesFrom("Trafalgar Square", from, 4))
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{call.At:ddd HH:mm} {call.Trip}"));
foreach (var trip in timetable.Trips.Where(t => t.StartsWith("N29", StringComparison.Ordinal)))
    Console.WriteLine($"{trip}: {timetable.JourneyTime(trip, "Trafalgar Square", "Wood Green").TotalMinutes} min to Wood Green");
foreach (var stop in new[] { "Trafalgar Square", "Camden Town" })
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last bus from {stop}: {timetable.LastDeparture(stop).At:HH:mm}"));
