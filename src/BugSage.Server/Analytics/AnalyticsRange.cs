using BugSage.Core.Analytics;

namespace BugSage.Server.Analytics;

/// <summary>
/// The range, interval and filters of an analytics question, checked: whole hours, at most 400 days, intervals of
/// an hour, a day or a week (an hourly series at most 31 days long, so an answer stays a few thousand points).
/// </summary>
public sealed record AnalyticsRange(DateTime From, DateTime To, string Interval, string? Environment, string? Release)
{
    public const int MaxDays = 400;
    public const int MaxHourlyDays = 31;
    public static readonly string[] Intervals = ["hour", "day", "week"];

    /// <summary>The checked range, or the field errors: defaults are the 30 days up to the current hour, by day.</summary>
    public static (AnalyticsRange? Range, Dictionary<string, string[]>? Errors) Of(
        DateTime? from, DateTime? to, string? interval, string? environment, string? release, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        // Checked before any arithmetic on them: a range's end plus an hour, its start less 30 days, the comparison period
        // before it and the issue ages 100 years back must all be dates.
        if (from is { } f && !WithinCalendar(Utc(f))) errors["from"] = [OutsideCalendar];
        if (to is { } t0 && !WithinCalendar(Utc(t0))) errors["to"] = [OutsideCalendar];
        if (errors.Count > 0) return (null, errors);
        // The end rounds up to a whole hour, so the current hour is in the default range.
        var end = RollupChanges.HourOf(Utc(to ?? now.AddHours(1)));
        if (to is { } t && Utc(t) != end) end = end.AddHours(1);
        var start = RollupChanges.HourOf(Utc(from ?? end.AddDays(-30)));
        var every = string.IsNullOrEmpty(interval) ? "day" : interval;
        if (!Intervals.Contains(every)) errors["interval"] = ["The interval is one of hour, day, week."];
        if (start >= end) errors["from"] = ["The range starts before it ends."];
        else if (end - start > TimeSpan.FromDays(MaxDays)) errors["to"] = [$"The range is at most {MaxDays} days."];
        else if (every == "hour" && end - start > TimeSpan.FromDays(MaxHourlyDays)) errors["interval"] = [$"An hourly series covers at most {MaxHourlyDays} days; ask by day or week."];
        if (environment?.Length > 64) errors["environment"] = ["An environment is at most 64 characters."];
        if (release?.Length > 250) errors["release"] = ["A release is at most 250 characters."];
        return errors.Count > 0 ? (null, errors)
            : (new AnalyticsRange(start, end, every, string.IsNullOrEmpty(environment) ? null : environment, string.IsNullOrEmpty(release) ? null : release), null);
    }

    /// <summary>The earliest and the latest instant an analytics range may name; no event is stored outside them.</summary>
    public static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), Latest = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private const string OutsideCalendar = "A time between 1970-01-01 and 9000-01-01 (UTC).";

    private static bool WithinCalendar(DateTime at) => at >= Earliest && at < Latest;

    /// <summary>The first midnight at or after the start: the days from it to <see cref="WholeDaysEnd"/> lie wholly inside the range.</summary>
    public DateTime WholeDaysStart => From == From.Date ? From : From.Date.AddDays(1);

    /// <summary>The last midnight at or before the end.</summary>
    public DateTime WholeDaysEnd => To.Date;

    /// <summary>Whether any day lies wholly inside the range, so daily rows can answer for it.</summary>
    public bool HasWholeDays => WholeDaysStart < WholeDaysEnd;

    /// <summary>The first Monday at or after <see cref="WholeDaysStart"/>: the weeks from it to <see cref="WholeWeeksEnd"/> lie wholly inside the range.</summary>
    public DateTime WholeWeeksStart => MondayOf(WholeDaysStart) == WholeDaysStart ? WholeDaysStart : MondayOf(WholeDaysStart).AddDays(7);

    /// <summary>The last Monday at or before <see cref="WholeDaysEnd"/>.</summary>
    public DateTime WholeWeeksEnd => MondayOf(WholeDaysEnd);

    /// <summary>Whether any UTC week (from Monday) lies wholly inside the range, so weekly rows can answer for it.</summary>
    public bool HasWholeWeeks => HasWholeDays && WholeWeeksStart < WholeWeeksEnd;

    private static DateTime MondayOf(DateTime day) => day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The hours outside the range's whole days: before the first and from the end of the last, or all of it when it has none.</summary>
    public IEnumerable<(DateTime From, DateTime To)> RaggedHours()
    {
        if (!HasWholeDays) yield return (From, To);
        else
        {
            if (From < WholeDaysStart) yield return (From, WholeDaysStart);
            if (WholeDaysEnd < To) yield return (WholeDaysEnd, To);
        }
    }

    /// <summary>
    /// Whether a summed rollup reads the range's first ragged day from its day row less the hours of that day before the
    /// range: those are fewer than the ragged hours themselves. Sketches cannot be taken away from; they read the hours.
    /// </summary>
    public bool FirstDayLessHours => HasWholeDays && From != From.Date && From - From.Date < WholeDaysStart - From;

    /// <summary>
    /// Whether a summed rollup reads the range's last ragged day from its day row less the hours from the range's end: a
    /// range up to now ends a few hours before midnight, and those hours hold nothing yet.
    /// </summary>
    public bool LastDayLessHours => HasWholeDays && To != To.Date && To.Date.AddDays(1) - To < To - To.Date;

    /// <summary>The first day a summed rollup reads by day: the first whole day, or the ragged day before it (<see cref="FirstDayLessHours"/>).</summary>
    public DateTime SummedDaysStart => FirstDayLessHours ? From.Date : WholeDaysStart;

    /// <summary>The end of the days a summed rollup reads by day (<see cref="LastDayLessHours"/>).</summary>
    public DateTime SummedDaysEnd => LastDayLessHours ? To.Date.AddDays(1) : WholeDaysEnd;

    /// <summary>The hours a summed rollup reads by hour: the ragged ends not read from their days, or all of a range without a whole day.</summary>
    public IEnumerable<(DateTime From, DateTime To)> UnsummedHours() =>
        RaggedHours().Where(h => !(h.From == From && FirstDayLessHours) && !(h.To == To && LastDayLessHours));

    /// <summary>The hours outside the range on the days a summed rollup reads by day, which it takes away again.</summary>
    public IEnumerable<(DateTime From, DateTime To)> HoursBeyond()
    {
        if (FirstDayLessHours) yield return (From.Date, From);
        if (LastDayLessHours) yield return (To, To.Date.AddDays(1));
    }

    /// <summary>A time without a zone is UTC, as everything BugSage stores.</summary>
    private static DateTime Utc(DateTime at) => at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();

    /// <summary>The start of the interval holding <paramref name="hour"/>.</summary>
    public DateTime BucketOf(DateTime hour) => Interval switch
    {
        "hour" => hour,
        "day" => hour.Date,
        _ => MondayOf(hour),
    };

    /// <summary>Every interval's start from the range's start to its end, so quiet intervals read as zeros.</summary>
    public IEnumerable<DateTime> Buckets()
    {
        for (var at = BucketOf(From); at < To; at = Interval switch { "hour" => at.AddHours(1), "day" => at.AddDays(1), _ => at.AddDays(7) })
            yield return DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }
}
