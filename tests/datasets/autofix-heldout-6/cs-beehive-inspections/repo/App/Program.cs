using Apiary;

// The mid-June report to the bee inspector, from the inspection app's export for the season.
var season = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2025;
var inspections = InspectionReader.Load(Path.Combine("inspections", $"{season}.jsonl"));
var colonies = Colony.FromInspections(inspections);

Console.WriteLine($"Orchard Lane apiary, {season}: {inspections.Count} inspections of {colonies.Count} colonies");
foreach (var line in Report.Lines(colonies, season)) Console.WriteLine(line);
