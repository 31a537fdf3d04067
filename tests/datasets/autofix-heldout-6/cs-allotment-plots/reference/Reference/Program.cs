using System.Globalization;
using Allotments;

// Held-out checks: a transferred plot is the new member's, in the register and in the rent run.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok) failures++;
}
void Run(string what, Action body)
{
    try { body(); }
    catch (Exception e) { Console.WriteLine($"FAIL {what}: {e.GetType().Name}: {e.Message}"); failures++; }
}

static Society Small()
{
    var society = new Society();
    society.Join(new Member("M1", "Ann", concession: false));
    society.Join(new Member("M2", "Bob", concession: true));
    society.Join(new Member("M3", "Cat", concession: false));
    society.AddPlot(new Plot("P1", "North", 250, water: true));
    society.AddPlot(new Plot("P2", "North", 125, water: false));
    return society;
}

Run("a transfer", () =>
{
    var society = Small();
    society.Let("P1", "M1");
    society.Transfer("P1", "M3");
    Check(society.Plot("P1").TenantId == "M3", $"after a transfer the plot's tenant is the new member (got {society.Plot("P1").TenantId})");
    Check(society.TenantOf(society.Plot("P1")).Id == "M3", "TenantOf answers the new member");
    var run = new RentRun(0.40m, 15.00m).Run(society);
    Check(run.Invoices.Count == 1 && run.Invoices[0].Member.Id == "M3" && run.Invoices[0].Total == 115.00m,
        $"the new member alone is invoiced 115.00 for it (got {string.Join(", ", run.Invoices.Select(i => $"{i.Member.Id} {i.Total}"))})");
});

Run("two transfers", () =>
{
    var society = Small();
    society.Let("P1", "M1");
    society.Transfer("P1", "M2");
    society.Transfer("P1", "M3");
    Check(society.Plot("P1").TenantId == "M3", "after two transfers the plot is the last member's");
    Check(society.Member("M1").PlotIds.Count == 0 && society.Member("M2").PlotIds.Count == 0 && society.Member("M3").PlotIds.SequenceEqual(["P1"]),
        $"only the last member lists the plot (M1 [{string.Join(",", society.Member("M1").PlotIds)}], M2 [{string.Join(",", society.Member("M2").PlotIds)}], M3 [{string.Join(",", society.Member("M3").PlotIds)}])");
});

Run("a transfer, then the old tenant leaves", () =>
{
    var society = Small();
    society.Let("P1", "M1");
    society.Let("P2", "M2");
    society.Transfer("P1", "M3");
    society.Leave("M1");
    var run = new RentRun(0.40m, 15.00m).Run(society);
    Check(string.Join(" ", run.Invoices.Select(i => $"{i.Member.Id}:{i.Total:0.00}")) == "M2:25.00 M3:115.00",
        $"invoices M2 25.00 and M3 115.00 (got {string.Join(" ", run.Invoices.Select(i => $"{i.Member.Id}:{i.Total:0.00}"))})");
});

Run("the 2026 rent run", () =>
{
    var society = Society.Load("register");
    var applied = EventLog.Apply(society, Path.Combine("register", "events-2025.csv"));
    Check(applied == 6, $"all 6 of 2025's changes are applied (got {applied})");
    Check(society.Plot("P01").TenantId == "M102", "P01 is Sara Khan's (M102)");
    var run = new RentRun(0.40m, 15.00m).Run(society);
    var got = string.Join(" ", run.Invoices.Select(i => $"{i.Member.Id}:{i.Total:0.00}"));
    Check(got == "M102:115.00 M103:65.00 M104:65.00 M105:65.00 M106:124.00", $"the invoices (got {got})");
    Check(run.Invoices[^1].Lines.Select(l => l.Plot.Id).SequenceEqual(["P03", "P06"]), "Duncan Reid is invoiced for P03 and P06");
    Check(run.Vacant.Select(p => p.Id).SequenceEqual(["P07"]), "P07 is vacant");
    Check(run.Total == 434.00m, $"the run comes to 434.00 (got {run.Total:0.00})");
    Check(RentRun.Print(run).Last() == "5 invoices, total 434.00", "the summary line");
    Check(society.Members.All(m => m.PlotIds.All(p => society.Plot(p).TenantId == m.Id)), "every member's plots name them as tenant");
});

Console.WriteLine(failures == 0 ? "all reference checks passed" : $"{failures} reference check(s) failed");
return failures == 0 ? 0 : 1;
