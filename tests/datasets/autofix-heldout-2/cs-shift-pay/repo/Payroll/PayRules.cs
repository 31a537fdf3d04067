namespace Payroll;

/// <summary>One worked shift.</summary>
public sealed record Shift(string Employee, ShiftKind Kind, decimal Hours);

/// <summary>Gross pay for worked shifts, at the premiums of the collective agreement.</summary>
public static class PayRules
{
    public static decimal Multiplier(ShiftKind kind) => kind switch
    {
        ShiftKind.Day => 1.00m,
        ShiftKind.Night => 1.25m,
        ShiftKind.Weekend => 1.50m,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no pay rule for this kind of shift"),
    };

    public static decimal Pay(Shift shift, decimal hourlyRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shift.Hours);
        return Math.Round(shift.Hours * hourlyRate * Multiplier(shift.Kind), 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Each employee's gross pay for the period, by name.</summary>
    public static IReadOnlyDictionary<string, decimal> Payslips(IEnumerable<Shift> shifts, decimal hourlyRate) =>
        shifts.GroupBy(s => s.Employee, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => Pay(s, hourlyRate)), StringComparer.Ordinal);
}
