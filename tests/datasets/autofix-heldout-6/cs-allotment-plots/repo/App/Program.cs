using Allotments;

// The treasurer's rent run for the coming season: the register as it stood in January, the secretary's
// log of the year's changes, then one invoice per member.
var society = Society.Load("register");
var applied = EventLog.Apply(society, Path.Combine("register", "events-2025.csv"));
Console.WriteLine($"Hollybank Allotment Society, rent run for 2026 ({applied} changes in 2025)");

var run = new RentRun(ratePerM2: 0.40m, waterCharge: 15.00m).Run(society);
foreach (var line in RentRun.Print(run)) Console.WriteLine(line);
