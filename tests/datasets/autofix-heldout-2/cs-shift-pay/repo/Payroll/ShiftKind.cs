namespace Payroll;

/// <summary>The kinds of shift in the care home's rota, with the premium each is paid at (collective agreement, 2024).</summary>
public enum ShiftKind
{
    /// <summary>06:00–22:00 on a weekday: the base rate.</summary>
    Day,

    /// <summary>22:00–06:00: base rate plus a quarter.</summary>
    Night,

    /// <summary>Saturday or Sunday: base rate plus a half.</summary>
    Weekend,

    /// <summary>A public holiday, whatever the hour: double the base rate.</summary>
    Holiday,
}
