using Payroll;

namespace Payroll.Tests;

public class PayRulesTests
{
    [Theory]
    [InlineData(ShiftKind.Day, 160.00)]
    [InlineData(ShiftKind.Night, 200.00)]
    [InlineData(ShiftKind.Weekend, 240.00)]
    public void Eight_hours_at_twenty(ShiftKind kind, decimal expected) =>
        Assert.Equal(expected, PayRules.Pay(new Shift("ines", kind, 8m), 20m));

    [Fact]
    public void Payslips_sum_each_employees_shifts()
    {
        var slips = PayRules.Payslips([new("ines", ShiftKind.Day, 8m), new("ines", ShiftKind.Night, 4m), new("tom", ShiftKind.Weekend, 6.5m)], 18.40m);
        Assert.Equal(239.20m, slips["ines"]);
        Assert.Equal(179.40m, slips["tom"]);
    }

    [Fact]
    public void Negative_hours_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PayRules.Pay(new Shift("ines", ShiftKind.Day, -1m), 20m));
}
