using Reminders;

// The reminder job: reads tonight's export from the booking system and prints the texts due now.
string[] export = ["Amani;2024-03-07T06:30:00Z", "Wanjiru;2024-03-07T11:00:00+03:00", "Otieno;2024-03-09T07:00:00Z"];
var schedule = new ReminderSchedule("Westlands Dental", TimeZoneInfo.CreateCustomTimeZone("Africa/Nairobi", TimeSpan.FromHours(3), "EAT", "EAT"));
var now = new DateTime(2024, 3, 6, 17, 0, 0, DateTimeKind.Utc);
foreach (var appointment in schedule.Due(export.Select(Appointment.Parse), now))
    Console.WriteLine(schedule.Text(appointment));
