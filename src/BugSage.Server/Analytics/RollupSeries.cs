using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Event and issue-lifecycle counts of a range, by time and by release: the UTC days wholly inside the range from the
/// daily sums (<see cref="EventDay"/>, <see cref="IssueLifecycleDay"/>), the hours before the first and after the last
/// whole day from the hourly rows, so 90 days read about 90 rows per environment and release instead of 2,160. A ragged
/// end of more than 12 hours is read as its day less the hours of that day outside the range: a range up to now reads
/// today's row and the few hours to midnight, which hold nothing yet (<see cref="AnalyticsRange.LastDayLessHours"/>). An answer
/// that names neither reads the sums over every environment and release: one row per project and day
/// (<see cref="ProjectEventDay"/>, <see cref="ProjectLifecycleDay"/>) or hour (<see cref="ProjectEventHour"/>,
/// <see cref="ProjectIssueHour"/>); releases compared read their whole weeks from the weeks by release
/// (<see cref="ReleaseEventWeek"/>, <see cref="IssueLifecycleWeek"/>; events only when no environment is named) and the
/// days outside them from the days by release (<see cref="ReleaseEventDay"/>). The environment narrows events only; the
/// release narrows both.
/// </summary>
internal sealed class RollupSeries(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public sealed record EventsAt(DateTime At, long Events, long Errors);

    public sealed record IssuesAt(DateTime At, long New, long Regressions, long Resolved);

    public sealed record ReleaseEvents(string Release, long Events, long Errors);

    public sealed record ReleaseIssues(string Release, long New, long Regressions);

    private bool HasWholeDays => range.HasWholeDays;

    private bool SeriesByDay => range.Interval != "hour" && HasWholeDays;

    /// <summary>Which hours a read takes: all of the range's, those its days do not answer, or those to take away from its days.</summary>
    private enum Span { All, Unsummed, Beyond }

    private IQueryable<T> In<T>(IQueryable<T> rows, Span span) where T : class, IHourRow => span switch
    {
        Span.All => rows.InHours(projectIds, range, raggedOnly: false),
        Span.Unsummed => rows.InUnsummedHours(projectIds, range),
        _ => rows.InHoursBeyond(projectIds, range),
    };

    /// <summary>The hours of a read over whole days: those its days do not answer, and those it takes away (none when none lie beyond).</summary>
    private Span[] DaySpans => range.HoursBeyond().Any() ? [Span.Unsummed, Span.Beyond] : [Span.Unsummed];

    private static long Signed(Span span, long value) => span == Span.Beyond ? -value : value;

    private bool NamesNeither => range.Environment is null && range.Release is null;

    private async Task<List<EventsAt>> EventHoursAsync(Span span, CancellationToken ct) => (NamesNeither
            ? await In(db.ProjectEventHours.AsNoTracking(), span).GroupBy(h => h.Hour).Select(g => new EventsAt(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct)
            : await In(db.EventHours.AsNoTracking(), span).OfEnvironmentAndRelease(range).GroupBy(h => h.Hour)
                .Select(g => new EventsAt(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct))
        .Select(e => new EventsAt(e.At, Signed(span, e.Events), Signed(span, e.Errors))).ToList();

    private async Task<List<IssuesAt>> IssueHoursAsync(Span span, CancellationToken ct) => (range.Release is null
            ? await In(db.ProjectIssueHours.AsNoTracking(), span).GroupBy(h => h.Hour)
                .Select(g => new IssuesAt(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))).ToListAsync(ct)
            : await In(db.IssueHours.AsNoTracking(), span).OfRelease(range).GroupBy(h => h.Hour)
                .Select(g => new IssuesAt(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))).ToListAsync(ct))
        .Select(i => new IssuesAt(i.At, Signed(span, i.New), Signed(span, i.Regressions), Signed(span, i.Resolved))).ToList();

    /// <summary>Events and errors per hour, or per day where days answer a daily or weekly series.</summary>
    public async Task<List<EventsAt>> EventsAsync(CancellationToken ct)
    {
        if (!SeriesByDay) return await EventHoursAsync(Span.All, ct);
        var rows = new List<EventsAt>();
        foreach (var span in DaySpans) rows.AddRange(await EventHoursAsync(span, ct));
        rows.AddRange(NamesNeither
            ? await db.ProjectEventDays.AsNoTracking().InSummedDays(projectIds, range).GroupBy(d => d.Day)
                .Select(g => new EventsAt(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct)
            : await db.EventDays.AsNoTracking().InSummedDays(projectIds, range).OfEnvironmentAndRelease(range).GroupBy(d => d.Day)
                .Select(g => new EventsAt(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
        return rows;
    }

    /// <summary>New issues, regressions and resolutions per hour, or per day as <see cref="EventsAsync"/>.</summary>
    public async Task<List<IssuesAt>> IssuesAsync(CancellationToken ct)
    {
        if (!SeriesByDay) return await IssueHoursAsync(Span.All, ct);
        var rows = new List<IssuesAt>();
        foreach (var span in DaySpans) rows.AddRange(await IssueHoursAsync(span, ct));
        rows.AddRange(range.Release is null
            ? await db.ProjectLifecycleDays.AsNoTracking().InSummedDays(projectIds, range).GroupBy(d => d.Day)
                .Select(g => new IssuesAt(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions), g.Sum(d => d.Resolved))).ToListAsync(ct)
            : await db.IssueLifecycleDays.AsNoTracking().InSummedDays(projectIds, range).OfRelease(range).GroupBy(d => d.Day)
                .Select(g => new IssuesAt(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions), g.Sum(d => d.Resolved))).ToListAsync(ct));
        return rows;
    }

    /// <summary>
    /// Events and errors of each named release over the range. With no environment named, its whole weeks come from the weeks
    /// by release and only the days outside them from the days.
    /// </summary>
    public async Task<List<ReleaseEvents>> ReleaseEventsAsync(CancellationToken ct)
    {
        var rows = new List<ReleaseEvents>();
        foreach (var span in HasWholeDays ? DaySpans : [Span.All])
            rows.AddRange((await In(db.EventHours.AsNoTracking(), span).OfEnvironmentAndRelease(range).Where(h => h.Release != "").GroupBy(h => h.Release)
                    .Select(g => new ReleaseEvents(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct))
                .Select(r => new ReleaseEvents(r.Release, Signed(span, r.Events), Signed(span, r.Errors))));
        if (HasWholeDays && range.Environment is null)
        {
            rows.AddRange(await db.ReleaseEventDays.AsNoTracking().InSummedDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
            if (range.HasWholeWeeks)
                rows.AddRange(await db.ReleaseEventWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                    .GroupBy(w => w.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(w => w.Events), g.Sum(w => w.Errors))).ToListAsync(ct));
        }
        else if (HasWholeDays)
            rows.AddRange(await db.EventDays.AsNoTracking().InSummedDays(projectIds, range).OfEnvironmentAndRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
        // A release seen only in the hours taken away sums to nothing, and is no release of the range.
        return rows.GroupBy(r => r.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Errors))).Where(r => r.Events != 0 || r.Errors != 0).ToList();
    }

    /// <summary>New issues and regressions of each named release over the range: whole weeks from the weeks, as <see cref="ReleaseEventsAsync"/>.</summary>
    public async Task<List<ReleaseIssues>> ReleaseIssuesAsync(CancellationToken ct)
    {
        var rows = new List<ReleaseIssues>();
        foreach (var span in HasWholeDays ? DaySpans : [Span.All])
            rows.AddRange((await In(db.IssueHours.AsNoTracking(), span).OfRelease(range).Where(h => h.Release != "").GroupBy(h => h.Release)
                    .Select(g => new ReleaseIssues(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions))).ToListAsync(ct))
                .Select(r => new ReleaseIssues(r.Release, Signed(span, r.New), Signed(span, r.Regressions))));
        if (HasWholeDays)
            rows.AddRange(await db.IssueLifecycleDays.AsNoTracking().InSummedDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions))).ToListAsync(ct));
        if (range.HasWholeWeeks)
            rows.AddRange(await db.IssueLifecycleWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                .GroupBy(w => w.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(w => w.NewIssues), g.Sum(w => w.Regressions))).ToListAsync(ct));
        return rows.GroupBy(r => r.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(r => r.New), g.Sum(r => r.Regressions))).Where(r => r.New != 0 || r.Regressions != 0).ToList();
    }
}
