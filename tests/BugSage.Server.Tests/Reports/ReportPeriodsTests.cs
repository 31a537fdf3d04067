using BugSage.Core.Reports;
using BugSage.Server.Reports;

namespace BugSage.Server.Tests.Reports;

/// <summary>The week or month a report covers, counted in UTC for reports asked for and in a schedule's zone for its firings.</summary>
public class ReportPeriodsTests
{
    private static (DateTime From, DateTime To) Period(string kind, DateTime nowUtc, TimeZoneInfo? zone = null)
    {
        var errors = new Dictionary<string, string[]>();
        var period = ReportPeriods.Of(new ReportRequest(kind), nowUtc, errors, zone);
        errors.ShouldBeEmpty();
        return period!.Value;
    }

    private static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void In_utc_the_last_full_week_and_month_before_now()
    {
        // 2026-01-28 is a Wednesday.
        Period(ReportKinds.Weekly, Utc(2026, 1, 28, 12)).ShouldBe((Utc(2026, 1, 19), Utc(2026, 1, 26)));
        Period(ReportKinds.Monthly, Utc(2026, 2, 1, 8)).ShouldBe((Utc(2026, 1, 1), Utc(2026, 2, 1)));
    }

    [Fact]
    public void East_of_utc_a_monday_morning_firing_covers_the_local_week_and_month_that_just_ended()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // Monday 26 January 08:00 in Tokyo is Sunday 25 January 23:00 UTC: the week is Tokyo's 19–26 January, which began
        // and ended at 15:00 UTC on the Sundays before.
        Period(ReportKinds.Weekly, Utc(2026, 1, 25, 23), tokyo).ShouldBe((Utc(2026, 1, 18, 15), Utc(2026, 1, 25, 15)));
        // 1 February 08:00 in Tokyo is 31 January 23:00 UTC: the month is January there, not December.
        Period(ReportKinds.Monthly, Utc(2026, 1, 31, 23), tokyo).ShouldBe((Utc(2025, 12, 31, 15), Utc(2026, 1, 31, 15)));
    }

    [Fact]
    public void West_of_utc_and_at_half_hour_offsets_the_ends_are_whole_hours_and_periods_meet()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // Monday 26 January 09:00 in New York is 14:00 UTC; its week began at 05:00 UTC (EST).
        Period(ReportKinds.Weekly, Utc(2026, 1, 26, 14), newYork).ShouldBe((Utc(2026, 1, 19, 5), Utc(2026, 1, 26, 5)));
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        // Local midnight is 18:30 UTC the day before; both ends take the hour it falls in, so one week's end is the next one's start.
        var week = Period(ReportKinds.Weekly, Utc(2026, 1, 26, 4), kolkata);
        week.ShouldBe((Utc(2026, 1, 18, 18), Utc(2026, 1, 25, 18)));
        Period(ReportKinds.Weekly, Utc(2026, 2, 2, 4), kolkata).From.ShouldBe(week.To);
    }

    [Fact]
    public void A_midnight_that_daylight_saving_skips_starts_the_period_at_the_first_hour_that_exists()
    {
        // A zone at UTC+0 that moves to +1 at midnight on the first Monday of March: 2 March 2026 starts at 01:00 local.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 3, 1, DayOfWeek.Monday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 10, 5, DayOfWeek.Sunday));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Midnight Saving", TimeSpan.Zero, "Midnight Saving", "Midnight Standard", "Midnight Summer", [rule]);
        zone.IsInvalidTime(new DateTime(2026, 3, 2, 0, 30, 0)).ShouldBeTrue("the test's zone skips the midnight it is about");
        // Wednesday 11 March: the week from Monday 2 March (01:00 local, 00:00 UTC) to Monday 9 March (00:00 local, 23:00 UTC).
        Period(ReportKinds.Weekly, Utc(2026, 3, 11, 12), zone).ShouldBe((Utc(2026, 3, 2), Utc(2026, 3, 8, 23)));
    }
}
