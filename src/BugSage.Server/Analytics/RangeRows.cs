using BugSage.Core.Analytics;

namespace BugSage.Server.Analytics;

/// <summary>
/// The rows of a rollup table that answer a range: its projects, its hours (or only the ragged hours outside its whole
/// days, which daily rows answer), its whole days, the days a summed rollup reads (or only those outside its whole weeks),
/// its whole weeks, its environment and release. One home for what every reader narrows by.
/// </summary>
internal static class RangeRows
{
    /// <param name="raggedOnly">
    /// Only the hours before the range's first whole day and from the end of its last; every hour of a range without a whole day.
    /// </param>
    public static IQueryable<T> InHours<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, AnalyticsRange range, bool raggedOnly)
        where T : class, IHourRow
    {
        DateTime from = range.From, to = range.To, firstDay = range.WholeDaysStart, endDay = range.WholeDaysEnd;
        // The ragged hours as two ranges, each its own index seek: written as one range less the whole days between,
        // the index read every hour of the range (24 of 38 ms of a 90-day answer over 100,000 issues).
        return raggedOnly && range.HasWholeDays
            ? rows.Where(h => projectIds.Contains(h.ProjectId) && ((h.Hour >= from && h.Hour < firstDay) || (h.Hour >= endDay && h.Hour < to)))
            : rows.Where(h => projectIds.Contains(h.ProjectId) && h.Hour >= from && h.Hour < to);
    }

    public static IQueryable<T> InWholeDays<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, AnalyticsRange range)
        where T : class, IDayRow
    {
        DateTime firstDay = range.WholeDaysStart, endDay = range.WholeDaysEnd;
        return rows.Where(d => projectIds.Contains(d.ProjectId) && d.Day >= firstDay && d.Day < endDay);
    }

    public static IQueryable<T> InWholeWeeks<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, AnalyticsRange range)
        where T : class, IWeekRow
    {
        DateTime firstWeek = range.WholeWeeksStart, endWeek = range.WholeWeeksEnd;
        return rows.Where(w => projectIds.Contains(w.ProjectId) && w.Week >= firstWeek && w.Week < endWeek);
    }

    /// <summary>
    /// A summed rollup's days (<see cref="AnalyticsRange.SummedDaysStart"/> to <see cref="AnalyticsRange.SummedDaysEnd"/>): its whole
    /// days and the ragged days read less their hours outside the range (<see cref="InHoursBesideDays"/>).
    /// </summary>
    /// <param name="raggedOnly">
    /// Only those before the range's first whole week and from the end of its last, which weekly rows do not answer; every
    /// one of a range without a whole week.
    /// </param>
    public static IQueryable<T> InSummedDays<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, AnalyticsRange range, bool raggedOnly = false)
        where T : class, IDayRow
    {
        DateTime firstDay = range.SummedDaysStart, endDay = range.SummedDaysEnd, firstWeek = range.WholeWeeksStart, endWeek = range.WholeWeeksEnd;
        return raggedOnly && range.HasWholeWeeks
            ? rows.Where(d => projectIds.Contains(d.ProjectId) && ((d.Day >= firstDay && d.Day < firstWeek) || (d.Day >= endWeek && d.Day < endDay)))
            : rows.Where(d => projectIds.Contains(d.ProjectId) && d.Day >= firstDay && d.Day < endDay);
    }

    /// <summary>
    /// The hours a summed rollup reads beside its days (<see cref="InSummedDays"/>): those its days do not answer
    /// (<see cref="AnalyticsRange.UnsummedHours"/>), which it adds, and those outside the range on a ragged day it reads whole
    /// (<see cref="AnalyticsRange.HoursBeyond"/>), which it takes away: an hour inside the range is added, any other taken
    /// away. At most two index ranges, one per end; every hour of a range without a whole day.
    /// </summary>
    public static IQueryable<T> InHoursBesideDays<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, AnalyticsRange range) where T : class, IHourRow =>
        rows.InSpans(projectIds, [.. range.UnsummedHours(), .. range.HoursBeyond()]);

    // One statement shape for zero, one or two spans (an empty span is an empty range), so each reader's query is compiled once.
    private static IQueryable<T> InSpans<T>(this IQueryable<T> rows, IReadOnlyList<long> projectIds, List<(DateTime From, DateTime To)> spans)
        where T : class, IHourRow
    {
        if (spans.Count > 2) throw new InvalidOperationException($"A range reads at most two spans of hours beside its days, not {spans.Count}.");
        var (from1, to1) = spans.Count > 0 ? spans[0] : (DateTime.UnixEpoch, DateTime.UnixEpoch);
        var (from2, to2) = spans.Count > 1 ? spans[1] : (from1, from1);
        return rows.Where(h => projectIds.Contains(h.ProjectId) && ((h.Hour >= from1 && h.Hour < to1) || (h.Hour >= from2 && h.Hour < to2)));
    }

    /// <summary>The range's release, when it names one.</summary>
    public static IQueryable<T> OfRelease<T>(this IQueryable<T> rows, AnalyticsRange range) where T : class, IReleaseRow =>
        range.Release is { } release ? rows.Where(r => r.Release == release) : rows;

    /// <summary>The range's environment and release, when it names them.</summary>
    public static IQueryable<T> OfEnvironmentAndRelease<T>(this IQueryable<T> rows, AnalyticsRange range) where T : class, IEnvironmentRow
    {
        if (range.Environment is { } environment) rows = rows.Where(r => r.Environment == environment);
        return rows.OfRelease(range);
    }
}
