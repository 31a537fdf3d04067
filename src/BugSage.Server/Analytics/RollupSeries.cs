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
    // Rows are set by member, not by a constructor: EF reads the hours and the days of one answer as one UNION ALL only of
    // member-set rows (a constructor is a projection on the client, which it cannot unite).
    public sealed record EventsAt
    {
        public DateTime At { get; init; }
        public long Events { get; init; }
        public long Errors { get; init; }
    }

    public sealed record IssuesAt
    {
        public DateTime At { get; init; }
        public long New { get; init; }
        public long Regressions { get; init; }
        public long Resolved { get; init; }
    }

    public sealed record ReleaseEvents
    {
        public required string Release { get; init; }
        public long Events { get; init; }
        public long Errors { get; init; }
    }

    public sealed record ReleaseIssues
    {
        public required string Release { get; init; }
        public long New { get; init; }
        public long Regressions { get; init; }
    }

    private bool HasWholeDays => range.HasWholeDays;

    private bool SeriesByDay => range.Interval != "hour" && HasWholeDays;

    private bool NamesNeither => range.Environment is null && range.Release is null;

    /// <summary>A series' hours: those beside its days when days answer it, else every hour of the range (all of them inside it).</summary>
    private IQueryable<T> SeriesHours<T>(IQueryable<T> rows) where T : class, IHourRow =>
        SeriesByDay ? rows.InHoursBesideDays(projectIds, range) : rows.InHours(projectIds, range, raggedOnly: false);

    /// <summary>
    /// Events and errors per hour, or per day where days answer a daily or weekly series: the days and the hours beside
    /// them in one statement, an hour outside the range (on a ragged day read whole) counted against its day.
    /// </summary>
    public async Task<List<EventsAt>> EventsAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var hours = NamesNeither ? HourlyEvents(SeriesHours(db.ProjectEventHours.AsNoTracking()))
            : HourlyEvents(SeriesHours(db.EventHours.AsNoTracking()).OfEnvironmentAndRelease(range));
        if (!SeriesByDay) return await hours.ToListAsync(ct);
        var days = NamesNeither
            ? db.ProjectEventDays.AsNoTracking().InSummedDays(projectIds, range).GroupBy(d => d.Day)
                .Select(g => new EventsAt { At = g.Key, Events = g.Sum(d => d.Events), Errors = g.Sum(d => d.Errors) })
            : db.EventDays.AsNoTracking().InSummedDays(projectIds, range).OfEnvironmentAndRelease(range).GroupBy(d => d.Day)
                .Select(g => new EventsAt { At = g.Key, Events = g.Sum(d => d.Events), Errors = g.Sum(d => d.Errors) });
        return await hours.Concat(days).ToListAsync(ct);

        // An hour outside the range is one of a ragged day's that the day's row counted: taken away.
        IQueryable<EventsAt> HourlyEvents<T>(IQueryable<T> rows) where T : class, IHourRow, IEventCounts => rows.GroupBy(h => h.Hour)
            .Select(g => new EventsAt
            {
                At = g.Key,
                Events = g.Key >= from && g.Key < to ? g.Sum(h => h.Events) : -g.Sum(h => h.Events),
                Errors = g.Key >= from && g.Key < to ? g.Sum(h => h.Errors) : -g.Sum(h => h.Errors),
            });
    }

    /// <summary>New issues, regressions and resolutions per hour, or per day as <see cref="EventsAsync"/>.</summary>
    public async Task<List<IssuesAt>> IssuesAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var hours = range.Release is null ? HourlyIssues(SeriesHours(db.ProjectIssueHours.AsNoTracking()))
            : HourlyIssues(SeriesHours(db.IssueHours.AsNoTracking()).OfRelease(range));
        if (!SeriesByDay) return await hours.ToListAsync(ct);
        var days = range.Release is null
            ? db.ProjectLifecycleDays.AsNoTracking().InSummedDays(projectIds, range).GroupBy(d => d.Day)
                .Select(g => new IssuesAt { At = g.Key, New = g.Sum(d => d.NewIssues), Regressions = g.Sum(d => d.Regressions), Resolved = g.Sum(d => d.Resolved) })
            : db.IssueLifecycleDays.AsNoTracking().InSummedDays(projectIds, range).OfRelease(range).GroupBy(d => d.Day)
                .Select(g => new IssuesAt { At = g.Key, New = g.Sum(d => d.NewIssues), Regressions = g.Sum(d => d.Regressions), Resolved = g.Sum(d => d.Resolved) });
        return await hours.Concat(days).ToListAsync(ct);

        IQueryable<IssuesAt> HourlyIssues<T>(IQueryable<T> rows) where T : class, IHourRow, ILifecycleCounts => rows.GroupBy(h => h.Hour)
            .Select(g => new IssuesAt
            {
                At = g.Key,
                New = g.Key >= from && g.Key < to ? g.Sum(h => h.NewIssues) : -g.Sum(h => h.NewIssues),
                Regressions = g.Key >= from && g.Key < to ? g.Sum(h => h.Regressions) : -g.Sum(h => h.Regressions),
                Resolved = g.Key >= from && g.Key < to ? g.Sum(h => h.Resolved) : -g.Sum(h => h.Resolved),
            });
    }

    /// <summary>
    /// Events and errors of each named release over the range, in one statement. With no environment named, its whole weeks
    /// come from the weeks by release and only the days outside them from the days.
    /// </summary>
    public async Task<List<ReleaseEvents>> ReleaseEventsAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var rows = db.EventHours.AsNoTracking().InHoursBesideDays(projectIds, range).OfEnvironmentAndRelease(range).Where(h => h.Release != "").GroupBy(h => h.Release)
            .Select(g => new ReleaseEvents
            {
                Release = g.Key,
                Events = g.Sum(h => h.Hour >= from && h.Hour < to ? h.Events : -h.Events),
                Errors = g.Sum(h => h.Hour >= from && h.Hour < to ? h.Errors : -h.Errors),
            });
        if (HasWholeDays && range.Environment is null)
        {
            rows = rows.Concat(db.ReleaseEventDays.AsNoTracking().InSummedDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseEvents { Release = g.Key, Events = g.Sum(d => d.Events), Errors = g.Sum(d => d.Errors) }));
            if (range.HasWholeWeeks)
                rows = rows.Concat(db.ReleaseEventWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                    .GroupBy(w => w.Release).Select(g => new ReleaseEvents { Release = g.Key, Events = g.Sum(w => w.Events), Errors = g.Sum(w => w.Errors) }));
        }
        else if (HasWholeDays)
            rows = rows.Concat(db.EventDays.AsNoTracking().InSummedDays(projectIds, range).OfEnvironmentAndRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseEvents { Release = g.Key, Events = g.Sum(d => d.Events), Errors = g.Sum(d => d.Errors) }));
        // A release seen only in the hours taken away sums to nothing, and is no release of the range.
        return (await rows.ToListAsync(ct)).GroupBy(r => r.Release).Select(g => new ReleaseEvents { Release = g.Key, Events = g.Sum(r => r.Events), Errors = g.Sum(r => r.Errors) })
            .Where(r => r.Events != 0 || r.Errors != 0).ToList();
    }

    /// <summary>New issues and regressions of each named release over the range: whole weeks from the weeks, as <see cref="ReleaseEventsAsync"/>.</summary>
    public async Task<List<ReleaseIssues>> ReleaseIssuesAsync(CancellationToken ct)
    {
        DateTime from = range.From, to = range.To;
        var rows = db.IssueHours.AsNoTracking().InHoursBesideDays(projectIds, range).OfRelease(range).Where(h => h.Release != "").GroupBy(h => h.Release)
            .Select(g => new ReleaseIssues
            {
                Release = g.Key,
                New = g.Sum(h => h.Hour >= from && h.Hour < to ? h.NewIssues : -h.NewIssues),
                Regressions = g.Sum(h => h.Hour >= from && h.Hour < to ? h.Regressions : -h.Regressions),
            });
        if (HasWholeDays)
            rows = rows.Concat(db.IssueLifecycleDays.AsNoTracking().InSummedDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseIssues { Release = g.Key, New = g.Sum(d => d.NewIssues), Regressions = g.Sum(d => d.Regressions) }));
        if (range.HasWholeWeeks)
            rows = rows.Concat(db.IssueLifecycleWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                .GroupBy(w => w.Release).Select(g => new ReleaseIssues { Release = g.Key, New = g.Sum(w => w.NewIssues), Regressions = g.Sum(w => w.Regressions) }));
        return (await rows.ToListAsync(ct)).GroupBy(r => r.Release).Select(g => new ReleaseIssues { Release = g.Key, New = g.Sum(r => r.New), Regressions = g.Sum(r => r.Regressions) })
            .Where(r => r.New != 0 || r.Regressions != 0).ToList();
    }
}
