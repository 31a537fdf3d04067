using Invoicing;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var numbers = new InvoiceNumbers(2024, next: 118);
var ledger = new Ledger();
var run = new MonthEnd(numbers, ledger);
var lines = run.Close([new("acme", 1200m), new("globex", 0m), new("initech", 349.90m), new("umbrella", 75m)]);
Check(lines.SequenceEqual([
    "INV-2024-00118  acme            1200.00",
    "INV-2024-00119  initech          349.90",
    "INV-2024-00120  umbrella          75.00",
]), "March's statements, numbered from 118");
Check(ledger.Count == 3, "three invoices booked");
Check(numbers.Peek == "INV-2024-00121", "no number skipped: April starts at 121");

var april = run.Close([new("acme", 10m)]);
Check(april.SequenceEqual(["INV-2024-00121  acme              10.00"]), "the next close carries on the sequence");
Check(new MonthEnd(new InvoiceNumbers(2024), new Ledger()).Close([new("globex", 0m)]).Count == 0, "a month with nothing to bill");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
