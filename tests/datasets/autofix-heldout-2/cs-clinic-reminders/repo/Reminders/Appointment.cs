using System.Globalization;

namespace Reminders;

/// <summary>A booked appointment; <see cref="StartsUtc"/> is a UTC time.</summary>
public sealed record Appointment(string Patient, DateTime StartsUtc)
{
    /// <summary>
    /// One line of the booking system's nightly export: <c>patient;start</c>, the start an ISO 8601
    /// time with its offset (the booking system writes UTC, <c>Z</c>, or the booking desk's offset).
    /// </summary>
    public static Appointment Parse(string line)
    {
        var separator = line.IndexOf(';');
        if (separator <= 0) throw new FormatException($"not an appointment: '{line}'");
        var start = DateTime.Parse(line[(separator + 1)..].Trim(), CultureInfo.InvariantCulture);
        return new Appointment(line[..separator].Trim(), start);
    }
}
