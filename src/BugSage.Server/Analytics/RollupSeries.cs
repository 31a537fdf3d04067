using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Event and issue-lifecycle counts of a range, by time and by release: the UTC days wholly inside the range from the
/// daily sums (<see cref="EventDay"/>, <see cref="IssueLifecycleDay"/>), the hours before the first and after the last
/// whole day from the hourly rows, so 90 days read about 90 rows per environment and release instead of 2,160. An answer
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

    /// <summary>The range's hours; with <paramref name="raggedOnly"/>, only those outside its whole days.</summary>
    private IQueryable<EventHour> EventHours(bool raggedOnly) =>
        db.EventHours.AsNoTracking().InHours(projectIds, range, raggedOnly).OfEnvironmentAndRelease(range);

    private IQueryable<EventDay> EventDays() => db.EventDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range);

    private IQueryable<IssueHour> IssueHours(bool raggedOnly) => db.IssueHours.AsNoTracking().InHours(projectIds, range, raggedOnly).OfRelease(range);

    private IQueryable<IssueLifecycleDay> IssueDays() => db.IssueLifecycleDays.AsNoTracking().InWholeDays(projectIds, range).OfRelease(range);

    /// <summary>Hours over every environment and release, for answers that name neither; the ragged ones as <see cref="EventHours"/>.</summary>
    private IQueryable<ProjectEventHour> ProjectEventHours(bool raggedOnly) => db.ProjectEventHours.AsNoTracking().InHours(projectIds, range, raggedOnly);

    private IQueryable<ProjectIssueHour> ProjectIssueHours(bool raggedOnly) => db.ProjectIssueHours.AsNoTracking().InHours(projectIds, range, raggedOnly);

    /// <summary>Events and errors per hour, or per day where whole days answer a daily or weekly series.</summary>
    public async Task<List<EventsAt>> EventsAsync(CancellationToken ct)
    {
        var rows = range.Environment is null && range.Release is null
            ? await ProjectEventHours(SeriesByDay).GroupBy(h => h.Hour).Select(g => new EventsAt(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct)
            : await EventHours(SeriesByDay).GroupBy(h => h.Hour).Select(g => new EventsAt(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct);
        if (SeriesByDay)
            rows.AddRange(range.Environment is null && range.Release is null
                ? await db.ProjectEventDays.AsNoTracking().InWholeDays(projectIds, range).GroupBy(d => d.Day)
                    .Select(g => new EventsAt(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct)
                : await EventDays().GroupBy(d => d.Day).Select(g => new EventsAt(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
        return rows;
    }

    /// <summary>New issues, regressions and resolutions per hour, or per day as <see cref="EventsAsync"/>.</summary>
    public async Task<List<IssuesAt>> IssuesAsync(CancellationToken ct)
    {
        var rows = range.Release is null
            ? await ProjectIssueHours(SeriesByDay).GroupBy(h => h.Hour)
                .Select(g => new IssuesAt(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))).ToListAsync(ct)
            : await IssueHours(SeriesByDay).GroupBy(h => h.Hour)
                .Select(g => new IssuesAt(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions), g.Sum(h => h.Resolved))).ToListAsync(ct);
        if (SeriesByDay)
            rows.AddRange(range.Release is null
                ? await db.ProjectLifecycleDays.AsNoTracking().InWholeDays(projectIds, range).GroupBy(d => d.Day)
                    .Select(g => new IssuesAt(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions), g.Sum(d => d.Resolved))).ToListAsync(ct)
                : await IssueDays().GroupBy(d => d.Day)
                    .Select(g => new IssuesAt(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions), g.Sum(d => d.Resolved))).ToListAsync(ct));
        return rows;
    }

    /// <summary>
    /// Events and errors of each named release over the range. With no environment named, its whole weeks come from the weeks
    /// by release and only the whole days outside them from the days.
    /// </summary>
    public async Task<List<ReleaseEvents>> ReleaseEventsAsync(CancellationToken ct)
    {
        var rows = await EventHours(HasWholeDays).Where(h => h.Release != "").GroupBy(h => h.Release)
            .Select(g => new ReleaseEvents(g.Key, g.Sum(h => h.Events), g.Sum(h => h.Errors))).ToListAsync(ct);
        if (HasWholeDays && range.Environment is null)
        {
            rows.AddRange(await db.ReleaseEventDays.AsNoTracking().InWholeDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
            if (range.HasWholeWeeks)
                rows.AddRange(await db.ReleaseEventWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                    .GroupBy(w => w.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(w => w.Events), g.Sum(w => w.Errors))).ToListAsync(ct));
        }
        else if (HasWholeDays)
            rows.AddRange(await EventDays().Where(d => d.Release != "").GroupBy(d => d.Release)
                .Select(g => new ReleaseEvents(g.Key, g.Sum(d => d.Events), g.Sum(d => d.Errors))).ToListAsync(ct));
        return rows.GroupBy(r => r.Release).Select(g => new ReleaseEvents(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Errors))).ToList();
    }

    /// <summary>New issues and regressions of each named release over the range: whole weeks from the weeks, as <see cref="ReleaseEventsAsync"/>.</summary>
    public async Task<List<ReleaseIssues>> ReleaseIssuesAsync(CancellationToken ct)
    {
        var rows = await IssueHours(HasWholeDays).Where(h => h.Release != "").GroupBy(h => h.Release)
            .Select(g => new ReleaseIssues(g.Key, g.Sum(h => h.NewIssues), g.Sum(h => h.Regressions))).ToListAsync(ct);
        if (HasWholeDays)
            rows.AddRange(await db.IssueLifecycleDays.AsNoTracking().InWholeDays(projectIds, range, raggedOnly: true).OfRelease(range).Where(d => d.Release != "")
                .GroupBy(d => d.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(d => d.NewIssues), g.Sum(d => d.Regressions))).ToListAsync(ct));
        if (range.HasWholeWeeks)
            rows.AddRange(await db.IssueLifecycleWeeks.AsNoTracking().InWholeWeeks(projectIds, range).OfRelease(range).Where(w => w.Release != "")
                .GroupBy(w => w.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(w => w.NewIssues), g.Sum(w => w.Regressions))).ToListAsync(ct));
        return rows.GroupBy(r => r.Release).Select(g => new ReleaseIssues(g.Key, g.Sum(r => r.New), g.Sum(r => r.Regressions))).ToList();
    }
}
