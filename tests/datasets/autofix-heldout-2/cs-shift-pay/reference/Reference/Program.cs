using Payroll;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

Check(PayRules.Multiplier(ShiftKind.Holiday) == 2.00m, "a holiday is paid double");
Check(PayRules.Pay(new Shift("tom", ShiftKind.Holiday, 8m), 18.40m) == 294.40m, "eight holiday hours at 18.40");
Check(PayRules.Pay(new Shift("tom", ShiftKind.Night, 8m), 18.40m) == 184.00m, "night premium unchanged");
var slips = PayRules.Payslips([new("tom", ShiftKind.Night, 8m), new("tom", ShiftKind.Holiday, 8m), new("ada", ShiftKind.Day, 6m)], 18.40m);
Check(slips["tom"] == 478.40m && slips["ada"] == 110.40m, "December's payslips");
try
{
    PayRules.Multiplier((ShiftKind)42);
    failures.Add("an unknown kind of shift is still refused");
}
catch (ArgumentOutOfRangeException)
{
}

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
