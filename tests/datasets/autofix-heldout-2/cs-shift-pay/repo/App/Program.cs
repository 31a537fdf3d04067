using Payroll;

// December's payroll run: the rota's shifts, Christmas Day included.
Shift[] shifts =
[
    new("ines", ShiftKind.Day, 8m), new("ines", ShiftKind.Weekend, 8m),
    new("tom", ShiftKind.Night, 8m), new("tom", ShiftKind.Holiday, 8m),
    new("ada", ShiftKind.Day, 6m),
];
foreach (var (employee, gross) in PayRules.Payslips(shifts, hourlyRate: 18.40m))
    Console.WriteLine($"{employee}: {gross:0.00}");
