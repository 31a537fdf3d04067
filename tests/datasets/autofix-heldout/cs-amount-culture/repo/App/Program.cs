using System.Globalization;
using Billing;

// Production runs with the host's culture, de-DE; the bank's export uses the invariant format.
CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
string[] export = ["2024-03-01;Rent;-1,234.56", "2024-03-02;Salary;3,000.00"];
Console.WriteLine($"balance: {Statement.Balance(export)}");
