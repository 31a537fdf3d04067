using BugSage.Core.Reports;
using CsCheck;

namespace BugSage.Core.Tests.Reports;

/// <summary>When a report schedule fires: cron and time zone checked when saved, firings at local time across DST changes.</summary>
public class ReportCadenceTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ReportCadence Cadence(string cron, string zone)
    {
        var (cadence, problems) = ReportCadence.Parse(cron, zone, Now);
        problems.ShouldBeEmpty();
        return cadence!;
    }

    [Fact]
    public void A_monday_morning_schedule_stays_at_nine_local_time_across_the_spring_and_autumn_dst_changes()
    {
        var berlin = Cadence("0 9 * * 1", "Europe/Berlin");
        // Europe moves to summer time on Sunday 29 March 2026: 09:00 CET is 08:00 UTC, 09:00 CEST is 07:00 UTC.
        var before = berlin.NextAfter(new DateTime(2026, 3, 20, 0, 0, 0, DateTimeKind.Utc))!.Value;
        before.ShouldBe(new DateTime(2026, 3, 23, 8, 0, 0, DateTimeKind.Utc));
        before.Kind.ShouldBe(DateTimeKind.Utc);
        berlin.NextAfter(before)!.Value.ShouldBe(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), "the first Monday of summer time is 09:00 CEST");
        // Back to winter time on Sunday 25 October 2026.
        berlin.NextAfter(new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc))!.Value.ShouldBe(new DateTime(2026, 10, 26, 8, 0, 0, DateTimeKind.Utc));

        var newYork = Cadence("0 9 * * 1", "America/New_York");
        // The United States move on Sunday 8 March 2026: 09:00 EST is 14:00 UTC, 09:00 EDT is 13:00 UTC.
        newYork.NextAfter(new DateTime(2026, 3, 3, 0, 0, 0, DateTimeKind.Utc))!.Value.ShouldBe(new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc));
        newYork.NextAfter(new DateTime(2026, 2, 26, 0, 0, 0, DateTimeKind.Utc))!.Value.ShouldBe(new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_time_skipped_by_the_spring_change_fires_once_just_after_the_gap_and_a_repeated_one_fires_once()
    {
        // 02:30 does not exist in Berlin on 29 March 2026 (02:00 jumps to 03:00): the firing is at 03:00 CEST, 01:00 UTC.
        var skipped = Cadence("30 2 29 3 *", "Europe/Berlin");
        skipped.NextAfter(new DateTime(2026, 3, 28, 0, 0, 0, DateTimeKind.Utc))!.Value.ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
        // 02:30 happens twice on 25 October 2026 (03:00 CEST goes back to 02:00 CET): one firing, the first.
        var repeated = Cadence("30 2 25 10 *", "Europe/Berlin");
        var first = repeated.NextAfter(new DateTime(2026, 10, 24, 0, 0, 0, DateTimeKind.Utc))!.Value;
        first.ShouldBe(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc));
        repeated.NextAfter(first)!.Value.Year.ShouldBe(2027, "the repeated local time fired a second time");
    }

    [Theory]
    [InlineData("0 9 * * 1", "Mars/Olympus_Mons", "timeZone")]
    [InlineData("0 9 * * 1", "Eastern Standard Time", "timeZone")]
    [InlineData("0 9 * * 1", "", "timeZone")]
    [InlineData("0 9 * *", "UTC", "cron")]
    [InlineData("61 9 * * 1", "UTC", "cron")]
    [InlineData("0 0 9 * * 1", "UTC", "cron")]
    [InlineData("*/5 * * * *", "UTC", "cron")]
    [InlineData("0 0 30 2 *", "UTC", "cron")]
    [InlineData(null, "UTC", "cron")]
    [InlineData("H 9 * * 1", "UTC", "cron")]
    public void A_bad_cron_expression_or_time_zone_is_refused_naming_its_field(string? cron, string zone, string field)
    {
        var (cadence, problems) = ReportCadence.Parse(cron, zone, Now);
        cadence.ShouldBeNull();
        problems.Keys.ShouldContain(field);
        problems[field].ShouldAllBe(p => p.Length > 10);
    }

    private static readonly Gen<string> Field = Gen.OneOf(Gen.Const("*"), Gen.Int[0, 70].Select(i => i.ToString()), Gen.Const("*/2"), Gen.Const("1-5"),
        Gen.Const("MON"), Gen.Const("L"), Gen.Const("H"), Gen.Const("H/2"), Gen.Const("?"), Gen.Const("#"), Gen.Const("1,2"), Gen.Const("-"), Gen.String[0, 4]);

    private static readonly Gen<string> CronText = Gen.Frequency(
        (4, Field.Array[0, 7].Select(parts => string.Join(" ", parts))),
        (1, Gen.String[0, 100]));

    private static readonly Gen<string> ZoneText = Gen.Frequency(
        (3, Gen.OneOf(Gen.Const("UTC"), Gen.Const("Europe/Berlin"), Gen.Const("America/New_York"), Gen.Const("Asia/Kolkata"), Gen.Const("Australia/Lord_Howe"))),
        (1, Gen.String[0, 64]));

    [Fact]
    public void Any_text_is_either_refused_with_a_reason_or_a_cadence_that_fires_in_the_future_at_most_hourly()
    {
        Gen.Select(CronText, ZoneText).Sample((cron, zone) =>
        {
            var (cadence, problems) = ReportCadence.Parse(cron, zone, Now);
            if (cadence is null)
            {
                problems.ShouldNotBeEmpty();
                problems.Keys.ShouldAllBe(k => k == "cron" || k == "timeZone");
                return;
            }
            problems.ShouldBeEmpty();
            var first = cadence.NextAfter(Now)!.Value;
            first.ShouldBeGreaterThan(Now);
            var second = cadence.NextAfter(first);
            if (second is { } s) (s - first).ShouldBeGreaterThanOrEqualTo(ReportCadence.MinimumGap);
        }, iter: 3000);
    }
}
