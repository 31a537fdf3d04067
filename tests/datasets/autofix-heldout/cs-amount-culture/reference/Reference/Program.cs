using System.Globalization;
using Billing;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

foreach (var culture in new[] { "de-DE", "fr-FR", "en-US" })
{
    CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
    Check(StatementLine.Parse("2024-03-01;Rent;-1,234.56").Amount == -1234.56m, $"invariant amount under {culture}");
    Check(Statement.Balance(["2024-03-01;Rent;-1,234.56", "2024-03-02;Salary;3,000.00"]) == 1765.44m, $"balance under {culture}");
    var line = new StatementLine(new DateOnly(2024, 3, 1), "Rent", -1234.56m);
    Check(StatementLine.Parse(line.Format()) == line, $"format round-trips under {culture}");
    try { StatementLine.Parse("2024-03-01;Rent;lots"); failures.Add($"garbage still refused under {culture}"); }
    catch (FormatException) { }
}

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
