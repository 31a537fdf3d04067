namespace Reminders;

/// <summary>The text reminders a clinic sends the day before each appointment, in the clinic's own time zone.</summary>
public sealed class ReminderSchedule(string clinic, TimeZoneInfo clinicZone)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    public DateTime LocalStart(Appointment appointment) => TimeZoneInfo.ConvertTimeFromUtc(appointment.StartsUtc, clinicZone);

    public string Text(Appointment appointment)
    {
        var local = LocalStart(appointment);
        return $"{appointment.Patient}, a reminder of your appointment at {clinic} on {local:ddd d MMM} at {local:HH:mm}.";
    }

    /// <summary>Appointments whose reminder is due at <paramref name="nowUtc"/>: starting within the next 24 hours.</summary>
    public IEnumerable<Appointment> Due(IEnumerable<Appointment> appointments, DateTime nowUtc) =>
        appointments.Where(a => a.StartsUtc > nowUtc && a.StartsUtc - nowUtc <= Ahead).OrderBy(a => a.StartsUtc);
}
