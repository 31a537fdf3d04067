using Invoicing;

// March's close: the year's sequence stands at 118 after February.
var run = new MonthEnd(new InvoiceNumbers(2024, next: 118), new Ledger());
Order[] march = [new("acme", 1200m), new("globex", 0m), new("initech", 349.90m), new("umbrella", 75m)];
foreach (var line in run.Close(march)) Console.WriteLine(line);
