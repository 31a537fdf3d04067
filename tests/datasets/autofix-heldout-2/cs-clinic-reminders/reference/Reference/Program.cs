using Reminders;

// Run with the machine's zone set away from UTC (see case.json), so that a time the code takes for
// UTC but that .NET holds as machine-local shows up as hours off.
var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var schedule = new ReminderSchedule("Westlands Dental", TimeZoneInfo.CreateCustomTimeZone("Africa/Nairobi", TimeSpan.FromHours(3), "EAT", "EAT"));
var amani = Appointment.Parse("Amani;2024-03-07T06:30:00Z");
var wanjiru = Appointment.Parse("Wanjiru;2024-03-07T11:00:00+03:00");
Check(amani.StartsUtc == new DateTime(2024, 3, 7, 6, 30, 0) && amani.StartsUtc.Kind == DateTimeKind.Utc, "a Z time is held as that UTC time");
Check(wanjiru.StartsUtc == new DateTime(2024, 3, 7, 8, 0, 0) && wanjiru.StartsUtc.Kind == DateTimeKind.Utc, "an offset time is held in UTC");
Check(schedule.Text(amani) == "Amani, a reminder of your appointment at Westlands Dental on Thu 7 Mar at 09:30.", "Z time shown in the clinic's time");
Check(schedule.Text(wanjiru) == "Wanjiru, a reminder of your appointment at Westlands Dental on Thu 7 Mar at 11:00.", "offset time shown in the clinic's time");
var otieno = Appointment.Parse("Otieno;2024-03-09T07:00:00Z");
Check(schedule.Due([otieno, wanjiru, amani], new DateTime(2024, 3, 6, 17, 0, 0, DateTimeKind.Utc)).SequenceEqual([amani, wanjiru]), "due tonight: the two of tomorrow, in order");
Check(schedule.Due([amani], new DateTime(2024, 3, 6, 6, 0, 0, DateTimeKind.Utc)).Any() is false, "24.5 hours ahead is not yet due");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
