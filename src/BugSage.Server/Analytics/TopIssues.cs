using System.Runtime.CompilerServices;
using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Top recurring and top new issues of a range, read in proportion to the range's days and the answer's size, not to
/// the number of issues.
/// <para>
/// Top recurring: each (project, UTC day) of the range gives its <see cref="Depth"/> busiest issues from the
/// <c>(project, day, events)</c> index of <see cref="IssueDay"/>; only those candidates get exact counts over the range
/// (whole days from the day rows, the ragged hours at the ends from <c>issue_hourly_counts</c>). An issue left out of
/// every day's list had, each day, at most that day's last listed count, so its total is at most the sum of those counts
/// (the bound). When the tenth answer's count is above the bound (or no day's list was full), the answer is proven exact
/// (<see cref="TopRecurringIssues.Exact"/>). Otherwise it stands as read: an issue can be missed only when on every day it
/// had events at least <see cref="Depth"/> issues of its project had as many or more that day (ties: a smaller id), yet its
/// sum over the range would still rank in the top ten: an issue steady every day just under two dozen others that each
/// burst on a few days. Reading deeper does not help the proof much: the bound sums a value per day of the range.
/// </para>
/// <para>
/// Top new: per project the issues by count, largest first, through the <c>(project, count, id)</c> index, keeping those
/// first seen in the range; the walk stops at <see cref="NewWalk"/> issues, then takes the ties at its last count by id.
/// The answer is exact either way; when the range's new issues are few or small beside older ones (fewer than ten at or
/// above that count), the range's first sightings are read from the <c>(project, first_seen, count, id)</c> index instead,
/// in proportion to the issues first seen in the range.
/// </para>
/// </summary>
internal sealed class TopIssues(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public const int Top = 10;
    public const int Depth = 25;
    public const int NewWalk = 500;

    /// <summary>SQLite allows 500 terms in one compound SELECT; probes go in statements of at most this many.</summary>
    private const int ProbesPerStatement = 200;
    private const int IdsPerStatement = 1000;

    public async Task<TopRecurringIssues> RecurringAsync(CancellationToken ct)
    {
        var days = new List<DateTime>();
        for (var day = range.From.Date; day < range.To; day = day.AddDays(1)) days.Add(DateTime.SpecifyKind(day, DateTimeKind.Utc));
        // Of several projects (an organization's answer) only those with a day row in the range are probed: a quiet project
        // costs one index seek, not a probe per day (200 empty projects over 90 days were 18,000 probes and 700 ms).
        var firstDay = range.From.Date;
        var active = projectIds.Count == 1 ? projectIds : await Projects()
            .Where(p => db.IssueDays.Any(d => d.ProjectId == p.Id && d.Day >= firstDay && d.Day < range.To)).Select(p => p.Id).ToListAsync(ct);
        var probes = active.SelectMany(p => days.Select(d => (Project: p, Day: d))).ToList();
        var listed = new List<DayListing>();
        if (!db.Database.IsSqlite()) listed.AddRange(await ProbeLaterallyAsync(probes, ct));
        else
            for (var offset = 0; offset < probes.Count; offset += ProbesPerStatement)
                listed.AddRange(await ProbeAsync(probes, offset, Math.Min(ProbesPerStatement, probes.Count - offset), ct));
        // Per project, the most an unlisted issue can have had: the sum of its full days' last listed counts.
        var bound = listed.GroupBy(l => (l.Probe, l.ProjectId)).Where(g => g.Count() >= Depth)
            .GroupBy(g => g.Key.ProjectId).Select(p => p.Sum(g => g.Min(l => l.Events))).DefaultIfEmpty(0).Max();
        var candidates = listed.Select(l => l.IssueId).Distinct().ToList();
        var totals = await ExactCountsAsync(candidates, ct);
        var top = totals.Where(t => t.Value > 0).OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(Top).ToList();
        var tenth = top.Count == Top ? top[^1].Value : 0;
        return new TopRecurringIssues(top, bound == 0 || tenth > bound);
    }

    private IQueryable<Core.Projects.Project> Projects()
    {
        var ids = projectIds.ToList();
        return db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id));
    }

    private sealed record DayListing(int Probe, long ProjectId, long IssueId, long Events);

    /// <summary>Each (project, day)'s <see cref="Depth"/> busiest issues, one index range per probe, in one statement.</summary>
    private async Task<List<DayListing>> ProbeAsync(List<(long Project, DateTime Day)> all, int offset, int count, CancellationToken ct)
    {
        var probes = all.GetRange(offset, count);
        var format = string.Join(" UNION ALL ", probes.Select((_, k) =>
            $"SELECT {offset + k} AS \"Probe\", t.project_id AS \"ProjectId\", t.issue_id AS \"IssueId\", t.events AS \"Events\" FROM " +
            $"(SELECT project_id, issue_id, events FROM analytics_issue_days WHERE project_id = {{{2 * k}}} AND day = {{{2 * k + 1}}} ORDER BY events DESC, issue_id LIMIT {Depth}) AS t"));
        var args = probes.SelectMany(p => new object[] { p.Project, p.Day }).ToArray();
        return await db.Database.SqlQuery<DayListing>(FormattableStringFactory.Create(format, args)).ToListAsync(ct);
    }

    /// <summary>
    /// PostgreSQL: the same probes as one lateral join over arrays of (project, day). Planning 91 unioned subqueries took
    /// PostgreSQL about 22 ms, longer than running them; this plan is the same whatever the number of days.
    /// </summary>
    private Task<List<DayListing>> ProbeLaterallyAsync(List<(long Project, DateTime Day)> probes, CancellationToken ct)
    {
        var projects = probes.Select(p => p.Project).ToArray();
        var days = probes.Select(p => p.Day).ToArray();
        return db.Database.SqlQuery<DayListing>($"""
            SELECT CAST(d.k AS integer) AS "Probe", t.project_id AS "ProjectId", t.issue_id AS "IssueId", t.events AS "Events"
            FROM unnest({projects}::bigint[], {days}::timestamptz[]) WITH ORDINALITY AS d(project_id, day, k)
            CROSS JOIN LATERAL (SELECT project_id, issue_id, events FROM analytics_issue_days
                WHERE project_id = d.project_id AND day = d.day ORDER BY events DESC, issue_id LIMIT {Depth}) AS t
            """).ToListAsync(ct);
    }

    /// <summary>
    /// The candidates' events in the range: whole days from the day rows, the hours before the first and after the last
    /// whole day from the hourly rows. On SQLite the ids (numbers the probes read) go into the SQL as a literal list, a
    /// thousand at a time: as one parameter each, several thousand of them cost more to bind and plan than the read
    /// itself. PostgreSQL gets them as one array, each id summed by a lateral read of its own key range: given a long
    /// IN list over a range holding most of the table, its planner scanned the whole table instead (13 ms against 1 ms
    /// for 750 candidates over 90 days in the analytics benchmark).
    /// </summary>
    private async Task<Dictionary<long, long>> ExactCountsAsync(List<long> ids, CancellationToken ct)
    {
        var totals = ids.ToDictionary(id => id, _ => 0L);
        var wholeFrom = range.From == range.From.Date ? range.From : range.From.Date.AddDays(1);
        var wholeTo = range.To.Date;
        var rows = new List<IssueEvents>();
        if (!db.Database.IsSqlite())
        {
            var array = ids.ToArray();
            if (wholeFrom < wholeTo)
            {
                rows.AddRange(await db.Database.SqlQuery<IssueEvents>($"""
                    SELECT c.id AS "IssueId", COALESCE(s.events, 0) AS "Events" FROM unnest({array}::bigint[]) AS c(id)
                    CROSS JOIN LATERAL (SELECT CAST(sum(events) AS bigint) AS events FROM analytics_issue_days
                        WHERE issue_id = c.id AND day >= {wholeFrom} AND day < {wholeTo}) AS s
                    """).ToListAsync(ct));
                rows.AddRange(await db.Database.SqlQuery<IssueEvents>($"""
                    SELECT c.id AS "IssueId", COALESCE(s.events, 0) AS "Events" FROM unnest({array}::bigint[]) AS c(id)
                    CROSS JOIN LATERAL (SELECT CAST(sum(count) AS bigint) AS events FROM issue_hourly_counts
                        WHERE issue_id = c.id AND ((hour >= {range.From} AND hour < {wholeFrom}) OR (hour >= {wholeTo} AND hour < {range.To}))) AS s
                    """).ToListAsync(ct));
            }
            else rows.AddRange(await db.Database.SqlQuery<IssueEvents>($"""
                SELECT c.id AS "IssueId", COALESCE(s.events, 0) AS "Events" FROM unnest({array}::bigint[]) AS c(id)
                CROSS JOIN LATERAL (SELECT CAST(sum(count) AS bigint) AS events FROM issue_hourly_counts
                    WHERE issue_id = c.id AND hour >= {range.From} AND hour < {range.To}) AS s
                """).ToListAsync(ct));
        }
        else
            foreach (var chunk in ids.Chunk(IdsPerStatement))
            {
                var list = string.Join(",", chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (wholeFrom < wholeTo)
                {
                    rows.AddRange(await SumAsync($"SELECT issue_id AS \"IssueId\", CAST(sum(events) AS bigint) AS \"Events\" FROM analytics_issue_days WHERE issue_id IN ({list}) AND day >= {{0}} AND day < {{1}} GROUP BY issue_id", [wholeFrom, wholeTo], ct));
                    rows.AddRange(await SumAsync($"SELECT issue_id AS \"IssueId\", CAST(sum(count) AS bigint) AS \"Events\" FROM issue_hourly_counts WHERE issue_id IN ({list}) AND ((hour >= {{0}} AND hour < {{1}}) OR (hour >= {{2}} AND hour < {{3}})) GROUP BY issue_id", [range.From, wholeFrom, wholeTo, range.To], ct));
                }
                else rows.AddRange(await SumAsync($"SELECT issue_id AS \"IssueId\", CAST(sum(count) AS bigint) AS \"Events\" FROM issue_hourly_counts WHERE issue_id IN ({list}) AND hour >= {{0}} AND hour < {{1}} GROUP BY issue_id", [range.From, range.To], ct));
            }
        foreach (var row in rows) totals[row.IssueId] += row.Events;
        return totals;
    }

    private sealed record IssueEvents(long IssueId, long Events);

    private Task<List<IssueEvents>> SumAsync(string format, object[] args, CancellationToken ct) =>
        db.Database.SqlQuery<IssueEvents>(FormattableStringFactory.Create(format, args)).ToListAsync(ct);

    /// <summary>The ids of the range's ten new issues with the most events (ties: the older id first).</summary>
    public async Task<List<long>> NewAsync(CancellationToken ct)
    {
        var found = new List<(long Id, long Count)>();
        // Of several projects only those with an issue first seen in the range are walked, as for the recurring probes.
        var active = projectIds.Count == 1 ? projectIds : await Projects()
            .Where(p => db.Issues.Any(i => i.ProjectId == p.Id && i.FirstSeen >= range.From && i.FirstSeen < range.To)).Select(p => p.Id).ToListAsync(ct);
        foreach (var projectId in active) found.AddRange(await NewInProjectAsync(projectId, ct));
        return found.OrderByDescending(i => i.Count).ThenBy(i => i.Id).Take(Top).Select(i => i.Id).ToList();
    }

    private async Task<List<(long Id, long Count)>> NewInProjectAsync(long projectId, CancellationToken ct)
    {
        var issues = db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId);
        var walked = await issues.OrderByDescending(i => i.Count).ThenByDescending(i => i.Id).Take(NewWalk)
            .Select(i => new { i.Id, i.Count, i.FirstSeen }).ToListAsync(ct);
        List<(long Id, long Count)> New(IEnumerable<(long Id, long Count, DateTime FirstSeen)> rows) => rows
            .Where(i => i.FirstSeen >= range.From && i.FirstSeen < range.To).OrderByDescending(i => i.Count).ThenBy(i => i.Id).Take(Top)
            .Select(i => (i.Id, i.Count)).ToList();
        var seen = walked.Select(i => (i.Id, i.Count, i.FirstSeen)).ToList();
        if (walked.Count < NewWalk) return New(seen);
        // The walk saw every issue with a count above its last one; ties at that count come next, smallest id first.
        var last = walked[^1].Count;
        var above = New(seen.Where(i => i.Count > last));
        if (above.Count == Top) return above;
        var tied = await issues.Where(i => i.Count == last && i.FirstSeen >= range.From && i.FirstSeen < range.To)
            .OrderBy(i => i.Id).Take(Top - above.Count).Select(i => i.Id).ToListAsync(ct);
        if (above.Count + tied.Count == Top) return [.. above, .. tied.Select(id => (id, last))];
        // Fewer than ten new issues at or above that count: the range's first sightings, through their own index.
        var ids = await issues.Where(i => i.FirstSeen >= range.From && i.FirstSeen < range.To)
            .OrderByDescending(i => i.Count).ThenBy(i => i.Id).Take(Top).Select(i => new { i.Id, i.Count }).ToListAsync(ct);
        return ids.Select(i => (i.Id, i.Count)).ToList();
    }
}

/// <summary>The range's busiest issues by events, and whether the candidate bound proved the answer exact.</summary>
internal sealed record TopRecurringIssues(List<KeyValuePair<long, long>> Issues, bool Exact);
