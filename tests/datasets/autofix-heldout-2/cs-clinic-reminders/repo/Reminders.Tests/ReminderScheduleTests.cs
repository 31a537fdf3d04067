using Reminders;

namespace Reminders.Tests;

public class ReminderScheduleTests
{
    private static readonly TimeZoneInfo Nairobi = TimeZoneInfo.CreateCustomTimeZone("Africa/Nairobi", TimeSpan.FromHours(3), "EAT", "EAT");

    private readonly ReminderSchedule schedule = new("Westlands Dental", Nairobi);

    [Fact]
    public void Text_in_the_clinics_time()
    {
        var appointment = new Appointment("Amani", new DateTime(2024, 3, 7, 6, 30, 0, DateTimeKind.Utc));
        Assert.Equal("Amani, a reminder of your appointment at Westlands Dental on Thu 7 Mar at 09:30.", schedule.Text(appointment));
    }

    [Fact]
    public void Due_within_the_next_day()
    {
        var now = new DateTime(2024, 3, 6, 8, 0, 0, DateTimeKind.Utc);
        Appointment soon = new("Amani", now.AddHours(23)), later = new("Wanjiru", now.AddHours(30)), past = new("Otieno", now.AddHours(-1));
        Assert.Equal([soon], schedule.Due([later, past, soon], now));
    }

    [Fact]
    public void Export_line_names_the_patient() => Assert.Equal("Amani", Appointment.Parse("Amani ;2024-03-07T06:30:00Z").Patient);

    [Fact]
    public void Export_line_without_separator_is_refused() => Assert.Throws<FormatException>(() => Appointment.Parse("Amani 2024-03-07"));
}
