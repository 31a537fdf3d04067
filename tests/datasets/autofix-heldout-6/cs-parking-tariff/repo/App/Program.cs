using Parking;

// The night cash-up: prices every exit of the day from the barrier's log and prints the takings.
var day = args.Length > 0 ? args[0] : "2025-06-07";
var tariff = Tariff.Load(Path.Combine("tariffs", "station-road.csv"));
var log = ExitLog.Load(Path.Combine("exits", $"{day}.csv"));

Console.WriteLine($"Station Road car park, {day}");
var takings = new DayTakings(tariff, log.Exits);
foreach (var line in takings.Lines()) Console.WriteLine(line);
foreach (var refused in log.Refused) Console.WriteLine($"refused: {refused}");
