using System.Runtime.CompilerServices;
using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Server.Analytics;

/// <summary>
/// Top recurring and top new issues of a range, read in proportion to the range's days and the answer's size, not to
/// the number of issues.
/// <para>
/// Top recurring: each (project, whole UTC week) of the range gives its <see cref="Depth"/> busiest issues from the
/// <c>(project, week, events)</c> index of <see cref="IssueWeek"/>, and each (project, UTC day) outside whole weeks from the
/// <c>(project, day, events)</c> index of <see cref="IssueDay"/>; an answer over every project of an organization lists
/// each week and day once over all of them, from the <c>(organization, …, events)</c> indexes. Only those candidates (and each
/// project's busiest issues ever, <see cref="BusiestEverAsync"/>) get exact counts over the range (whole days from the
/// day rows, the ragged hours at the ends from <c>issue_hourly_counts</c>). An issue left out of every list had, in each
/// list's week or day, at most that list's last count, so its total is at most the sum of those counts (the bound). When the
/// tenth answer's count is above the bound (or no list was full), the answer is proven exact
/// (<see cref="TopRecurringIssues.Exact"/>). Otherwise it stands as read: an issue can be missed only when in every week
/// (or listed day) it had events at least <see cref="Depth"/> issues of its project (or organization) had as many or more
/// (ties: a smaller id), and ten of its project's issues ever had more, yet its sum over the range would still rank in the
/// top ten: an issue steady every week just under two dozen others that each burst for a few days, or one that leads a day
/// of each week but is 26th of each week. Reading deeper does not help the proof much: the bound sums a value per list of
/// the range.
/// </para>
/// <para>
/// Not every candidate is counted: each has at least its listed whole days' and weeks' events and at most its listed events plus,
/// for each full list it is missing from, that list's last count. Only a candidate whose most reaches the tenth largest
/// least can rank, so only those are counted exactly. The ragged hours at the range's ends are read only for candidates
/// with a day row on a partial day.
/// </para>
/// <para>
/// Top new: per project the issues by count, largest first, through the <c>(project, count, id)</c> index, keeping those
/// first seen in the range; of several projects, each walk takes only issues that would rank above the tenth the projects
/// before it gave (more events; or as many, and an older id, read by id from the same index). A walk
/// also stops at <see cref="NewWalk"/> issues, then takes the ties at its last count by id. The answer is exact either
/// way; when the range's new issues are few or small beside older ones (fewer than ten at or above that count), the
/// range's first sightings are read from the <c>(project, first_seen, count, id)</c> index instead, in proportion to the
/// issues first seen in the range. That is SQLite's way; PostgreSQL reads every project at once in one statement
/// (<see cref="NewLaterallyAsync"/>).
/// </para>
/// </summary>
internal sealed class TopIssues(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range, IReadOnlyList<long>? organizationIds = null)
{
    public const int Top = 10;
    public const int Depth = 25;
    public const int NewWalk = 500;

    /// <summary>SQLite allows 500 terms in one compound SELECT; the busiest-ever reads go in statements of at most this many projects.</summary>
    private const int ProbesPerStatement = 200;
    private const int IdsPerStatement = 1000;

    public async Task<TopRecurringIssues> RecurringAsync(CancellationToken ct)
    {
        var periods = Periods();
        var organization = await WholeOrganizationAsync(ct);
        var probes = organization is { } org ? periods.Select(p => new Probe(org, p.At, p.Weekly)).ToList()
            : (await ActiveProjectsAsync(ct)).SelectMany(project => periods.Select(p => new Probe(project, p.At, p.Weekly))).ToList();
        var column = organization is null ? "project_id" : "organization_id";
        var listed = new List<Listing>();
        listed.AddRange(db.Database.IsSqlite() ? await ProbeEachAsync(probes, column, ct) : await ProbeLaterallyAsync(probes, column, ct));
        // Each probe's list: full (it may have left issues out, each with at most its last count) or all the day had.
        var lists = listed.GroupBy(l => l.Probe).ToDictionary(g => g.Key, g => (Full: g.Count() >= Depth, Last: g.Min(l => l.Events)));
        // Per project (or organization) listed, the most an unlisted issue can have had: the sum of its full days' last listed counts.
        var unlisted = lists.GroupBy(l => probes[l.Key].Scope).ToDictionary(s => s.Key, s => s.Where(l => l.Value.Full).Sum(l => l.Value.Last));
        var bound = unlisted.Values.DefaultIfEmpty(0).Max();
        // An organization's lists may hold an issue of a project made since it was checked: it counts toward the lists' ends,
        // which only loosens the bound, but it is no candidate.
        var asked = projectIds.ToHashSet();
        var candidates = Rankable(listed.Where(l => asked.Contains(l.ProjectId)).ToList(), lists, unlisted, probes);
        var totals = await ExactCountsAsync([.. candidates.Union(await BusiestEverAsync(ct))], ct);
        var top = totals.Where(t => t.Value > 0).OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(Top).ToList();
        var tenth = top.Count == Top ? top[^1].Value : 0;
        return new TopRecurringIssues(top, bound == 0 || tenth > bound);
    }

    /// <summary>One list to read: a scope's (project's or organization's) busiest issues of a week or of a day.</summary>
    private sealed record Probe(long Scope, DateTime At, bool Weekly);

    /// <summary>
    /// The periods whose lists cover the range: its whole weeks, and each day outside them (a ragged day whole: its hours
    /// outside the range only make the lists' counts larger, never leave an issue out).
    /// </summary>
    private List<(DateTime At, bool Weekly)> Periods()
    {
        var periods = new List<(DateTime At, bool Weekly)>();
        DateTime weeksFrom = range.HasWholeWeeks ? range.WholeWeeksStart : range.To, weeksTo = range.HasWholeWeeks ? range.WholeWeeksEnd : range.To;
        for (var day = range.From.Date; day < range.To; day = day.AddDays(1))
            if (day < weeksFrom || day >= weeksTo) periods.Add((DateTime.SpecifyKind(day, DateTimeKind.Utc), false));
        for (var week = weeksFrom; week < weeksTo; week = week.AddDays(7)) periods.Add((DateTime.SpecifyKind(week, DateTimeKind.Utc), true));
        return periods;
    }

    /// <summary>
    /// The organization whose every project is asked for, when the answer is of several projects of one; its weeks and days are
    /// listed over all its projects at once. Anyone who may read only some of its projects gets them listed one by one.
    /// </summary>
    private async Task<long?> WholeOrganizationAsync(CancellationToken ct)
    {
        if (projectIds.Count < 2 || organizationIds is not [var organization]) return null;
        var all = await db.Projects.AsNoTracking().Where(p => p.OrganizationId == organization).Select(p => p.Id).ToListAsync(ct);
        return all.ToHashSet().SetEquals(projectIds) ? organization : null;
    }

    /// <summary>
    /// Of several projects only those with a day row in the range are probed: a quiet project costs one index seek, not a
    /// probe per day (200 empty projects over 90 days were 18,000 probes and 700 ms).
    /// </summary>
    private async Task<IReadOnlyList<long>> ActiveProjectsAsync(CancellationToken ct)
    {
        if (projectIds.Count == 1) return projectIds;
        var firstDay = range.From.Date;
        return await Projects().Where(p => db.IssueDays.Any(d => d.ProjectId == p.Id && d.Day >= firstDay && d.Day < range.To)).Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Each project's <see cref="Top"/> issues with the most events ever, from its <c>(project, count, id)</c> index: also
    /// counted, whatever the lists say. The lists' blind spot is the steady issue, under two dozen others every week that
    /// each burst for a few days; over an organization's busiest issues of a week, a steady issue of a quiet project falls into it
    /// easily. Such an issue piles up events, so it leads its project's counts. This only adds candidates: the bound, and
    /// whether the answer is proven, rest on the lists alone.
    /// </summary>
    private async Task<List<long>> BusiestEverAsync(CancellationToken ct)
    {
        var projects = projectIds.ToArray();
        if (!db.Database.IsSqlite())
            return await db.Database.SqlQuery<long>($"""
                SELECT t.id AS "Value" FROM unnest({projects}::bigint[]) AS p(id)
                CROSS JOIN LATERAL (SELECT id FROM issues WHERE project_id = p.id ORDER BY count DESC, id DESC LIMIT {Top}) AS t
                """).ToListAsync(ct);
        var ids = new List<long>();
        foreach (var chunk in projects.Chunk(ProbesPerStatement))
            ids.AddRange(await db.Database.SqlQuery<long>(FormattableStringFactory.Create(string.Join(" UNION ALL ", chunk.Select((_, k) =>
                $"SELECT t.id AS \"Value\" FROM (SELECT id FROM issues WHERE project_id = {{{k}}} ORDER BY count DESC, id DESC LIMIT {Top}) AS t")),
                chunk.Cast<object>().ToArray())).ToListAsync(ct));
        return ids;
    }

    /// <summary>
    /// The candidates that can rank: those whose most events in the range reach the tenth largest least. A candidate's least
    /// is its listed whole days and weeks; its most, its listed events (a partial day's whole count bounds its hours in the
    /// range) plus, for each full list of its project (or organization) it is not in, that list's last count. Both rest on
    /// counts that are never below zero: hourly counts are counted events, and a day or week row that falls to zero is
    /// deleted (<see cref="IssueDaySql"/>).
    /// </summary>
    private List<long> Rankable(List<Listing> listed, Dictionary<int, (bool Full, long Last)> lists, Dictionary<long, long> unlisted,
        List<Probe> probes)
    {
        // A week listed lies inside the range's whole days, as its whole weeks do.
        var candidates = listed.GroupBy(l => l.IssueId).Select(g => (
            Id: g.Key,
            Least: g.Where(l => probes[l.Probe].At >= range.WholeDaysStart && probes[l.Probe].At < range.WholeDaysEnd).Sum(l => l.Events),
            Most: g.Sum(l => l.Events) + unlisted[probes[g.First().Probe].Scope] - g.Where(l => lists[l.Probe].Full).Sum(l => lists[l.Probe].Last))).ToList();
        var tenthLeast = candidates.Count < Top ? 0 : candidates.Select(c => c.Least).OrderDescending().ElementAt(Top - 1);
        return candidates.Where(c => c.Most >= tenthLeast).Select(c => c.Id).ToList();
    }

    private IQueryable<Core.Projects.Project> Projects()
    {
        var ids = projectIds.ToList();
        return db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id));
    }

    private sealed record Listing(int Probe, long ProjectId, long IssueId, long Events);

    /// <summary>
    /// SQLite: each probe's <see cref="Depth"/> busiest issues, one index range per probe, by one prepared statement per
    /// table (days, then weeks) run once per probe. As one compound SELECT of 91 subqueries, parsing and planning the
    /// statement cost more than running it (4 of 5.6 ms, and 12 ms through EF). <paramref name="column"/> is one of the two
    /// this class names, never text from a client.
    /// </summary>
    private async Task<List<Listing>> ProbeEachAsync(List<Probe> probes, string column, CancellationToken ct)
    {
        var listed = new List<Listing>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var weekly in new[] { false, true })
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                // Inside the part's snapshot (ReadSnapshot), when it has one: SQLite refuses a command outside the connection's transaction.
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = weekly
                    ? $"SELECT project_id, issue_id, events FROM analytics_issue_weeks WHERE {column} = $scope AND week = $at ORDER BY events DESC, issue_id LIMIT {Depth}"
                    : $"SELECT project_id, issue_id, events FROM analytics_issue_days WHERE {column} = $scope AND day = $at ORDER BY events DESC, issue_id LIMIT {Depth}";
                var scope = command.CreateParameter();
                scope.ParameterName = "$scope";
                var at = command.CreateParameter();
                at.ParameterName = "$at";
                command.Parameters.Add(scope);
                command.Parameters.Add(at);
                for (var k = 0; k < probes.Count; k++)
                {
                    if (probes[k].Weekly != weekly) continue;
                    scope.Value = probes[k].Scope;
                    // The form EF stores a day in (yyyy-MM-dd HH:mm:ss), which the index compares as text.
                    at.Value = probes[k].At;
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) listed.Add(new Listing(k, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return listed;
    }

    /// <summary>
    /// PostgreSQL: the same probes as lateral joins over arrays of (scope, day) and (scope, week), in one statement. Planning
    /// 91 unioned subqueries took PostgreSQL about 22 ms, longer than running them; this plan is the same whatever the
    /// number of days. A probe's number is its place in <paramref name="probes"/>.
    /// </summary>
    private Task<List<Listing>> ProbeLaterallyAsync(List<Probe> probes, string column, CancellationToken ct)
    {
        var days = probes.Select((p, k) => (Probe: p, K: k)).Where(p => !p.Probe.Weekly).ToList();
        var weeks = probes.Select((p, k) => (Probe: p, K: k)).Where(p => p.Probe.Weekly).ToList();
        return db.Database.SqlQuery<Listing>(FormattableStringFactory.Create($$"""
            SELECT d.k AS "Probe", t.project_id AS "ProjectId", t.issue_id AS "IssueId", t.events AS "Events"
            FROM unnest({0}::integer[], {1}::bigint[], {2}::timestamptz[]) AS d(k, scope, at)
            CROSS JOIN LATERAL (SELECT project_id, issue_id, events FROM analytics_issue_days
                WHERE {{column}} = d.scope AND day = d.at ORDER BY events DESC, issue_id LIMIT {{Depth}}) AS t
            UNION ALL
            SELECT w.k, t.project_id, t.issue_id, t.events
            FROM unnest({3}::integer[], {4}::bigint[], {5}::timestamptz[]) AS w(k, scope, at)
            CROSS JOIN LATERAL (SELECT project_id, issue_id, events FROM analytics_issue_weeks
                WHERE {{column}} = w.scope AND week = w.at ORDER BY events DESC, issue_id LIMIT {{Depth}}) AS t
            """, days.Select(d => d.K).ToArray(), days.Select(d => d.Probe.Scope).ToArray(), days.Select(d => d.Probe.At).ToArray(),
            weeks.Select(w => w.K).ToArray(), weeks.Select(w => w.Probe.Scope).ToArray(), weeks.Select(w => w.Probe.At).ToArray())).ToListAsync(ct);
    }

    /// <summary>
    /// The candidates' events in the range: whole days from the day rows, the hours before the first and after the last
    /// whole day from the hourly rows, read only for the candidates with a day row on those partial days. On SQLite the ids
    /// (numbers the probes read) go into the SQL as a literal list, a thousand at a time: as one parameter each, several
    /// thousand of them cost more to bind and plan than the read itself. PostgreSQL gets them as one array: the day sums
    /// in one grouped read of the (issue, day, events) index, which it reads without the table (a lateral sum per
    /// candidate cost about 7 µs a candidate, 22 ms for 2,270; through the primary key, which needs the table, its planner
    /// scanned the whole table instead), the few ragged hours by a lateral read of each candidate's key range.
    /// </summary>
    private async Task<Dictionary<long, long>> ExactCountsAsync(List<long> ids, CancellationToken ct)
    {
        var totals = ids.ToDictionary(id => id, _ => 0L);
        var ragged = new List<long>();
        foreach (var day in await DaySumsAsync(ids, ct))
        {
            totals[day.IssueId] += day.Events;
            if (day.PartialDays > 0) ragged.Add(day.IssueId);
        }
        foreach (var (from, to) in range.RaggedHours())
            foreach (var hours in await HourSumsAsync(ragged, from, to, ct)) totals[hours.IssueId] += hours.Events;
        return totals;
    }

    /// <summary>An issue's events on the range's whole days, and how many partial days at its ends it had events on.</summary>
    private sealed record DaySums(long IssueId, long Events, long PartialDays);

    private async Task<List<DaySums>> DaySumsAsync(List<long> ids, CancellationToken ct)
    {
        DateTime whole = range.WholeDaysStart, wholeEnd = range.WholeDaysEnd, firstDay = range.From.Date;
        if (!db.Database.IsSqlite())
            return await db.Database.SqlQuery<DaySums>($"""
                SELECT issue_id AS "IssueId", COALESCE(CAST(sum(events) FILTER (WHERE day >= {whole} AND day < {wholeEnd}) AS bigint), 0) AS "Events",
                    count(*) FILTER (WHERE NOT (day >= {whole} AND day < {wholeEnd})) AS "PartialDays"
                FROM analytics_issue_days WHERE issue_id = ANY({ids.ToArray()}) AND day >= {firstDay} AND day < {range.To} GROUP BY issue_id
                """).ToListAsync(ct);
        var sums = new List<DaySums>();
        foreach (var list in Literals(ids))
            sums.AddRange(await db.Database.SqlQuery<DaySums>(FormattableStringFactory.Create(
                "SELECT issue_id AS \"IssueId\", CAST(sum(CASE WHEN day >= {0} AND day < {1} THEN events ELSE 0 END) AS bigint) AS \"Events\", " +
                "sum(CASE WHEN day >= {0} AND day < {1} THEN 0 ELSE 1 END) AS \"PartialDays\" " +
                $"FROM analytics_issue_days WHERE issue_id IN ({list}) AND day >= {{2}} AND day < {{3}} GROUP BY issue_id", whole, wholeEnd, firstDay, range.To)).ToListAsync(ct));
        return sums;
    }

    private async Task<List<IssueEvents>> HourSumsAsync(List<long> ids, DateTime from, DateTime to, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        if (!db.Database.IsSqlite())
            return await db.Database.SqlQuery<IssueEvents>($"""
                SELECT c.id AS "IssueId", COALESCE(s.events, 0) AS "Events" FROM unnest({ids.ToArray()}::bigint[]) AS c(id)
                CROSS JOIN LATERAL (SELECT CAST(sum(count) AS bigint) AS events FROM issue_hourly_counts
                    WHERE issue_id = c.id AND hour >= {from} AND hour < {to}) AS s
                """).ToListAsync(ct);
        var sums = new List<IssueEvents>();
        foreach (var list in Literals(ids))
            sums.AddRange(await db.Database.SqlQuery<IssueEvents>(FormattableStringFactory.Create(
                $"SELECT issue_id AS \"IssueId\", CAST(sum(count) AS bigint) AS \"Events\" FROM issue_hourly_counts WHERE issue_id IN ({list}) AND hour >= {{0}} AND hour < {{1}} GROUP BY issue_id",
                from, to)).ToListAsync(ct));
        return sums;
    }

    /// <summary>The ids as SQL literal lists of at most <see cref="IdsPerStatement"/>: numbers the probes read, never text from a client.</summary>
    private static IEnumerable<string> Literals(List<long> ids) =>
        ids.Chunk(IdsPerStatement).Select(chunk => string.Join(",", chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private sealed record IssueEvents(long IssueId, long Events);

    /// <summary>
    /// The ids of the range's ten new issues with the most events (ties: the older id first). On PostgreSQL one statement
    /// reads them (<see cref="NewLaterallyAsync"/>). On SQLite projects are walked one after
    /// another, each only for issues that would rank above the tenth found so far: more events, or as many and an older id.
    /// After the first busy project the walks are short, and where the counts are flat and many issues share the tenth's
    /// count, only the shared count's older ids are read (20 projects of such issues walked 500 each, 20 ms on SQLite).
    /// </summary>
    public async Task<List<long>> NewAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return Ranked(await NewLaterallyAsync(ct)).Take(Top).Select(i => i.Id).ToList();
        var found = new List<(long Id, long Count)>();
        // Of several projects only those with an issue first seen in the range are walked, as for the recurring probes.
        var active = projectIds.Count == 1 ? projectIds : await Projects()
            .Where(p => db.Issues.Any(i => i.ProjectId == p.Id && i.FirstSeen >= range.From && i.FirstSeen < range.To)).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        foreach (var projectId in active)
        {
            var tenth = found.Count < Top ? ((long Id, long Count)?)null : Ranked(found)[Top - 1];
            var above = await NewInProjectAsync(projectId, tenth is { } t ? t.Count + 1 : null, ct);
            found.AddRange(above);
            if (tenth is { } floor && above.Count < Top)
                found.AddRange((await NewIssues(projectId).Where(i => i.Count == floor.Count && i.Id < floor.Id).OrderBy(i => i.Id).Take(Top - above.Count)
                    .Select(i => i.Id).ToListAsync(ct)).Select(id => (id, floor.Count)));
        }
        return Ranked(found).Take(Top).Select(i => i.Id).ToList();
    }

    private sealed record CountedIssue(long Id, long Count);

    /// <summary>
    /// PostgreSQL: the ten in one statement, whatever the number of projects (walked one by one, 20 projects took about 40
    /// statements and 20 ms). Each project gives its ten new issues with the most events, ties the newer id first (a plain
    /// backward read of the <c>(project, count, id)</c> index, or of the first sightings' index when the range's new issues
    /// are few): every new issue with more events than the tenth of all those is among them, since otherwise its project
    /// alone gave ten with more. The rest of the ten share the tenth's count, and are the oldest ids with that count, read
    /// from each project by id. Fewer than ten in all means every new issue was read. Which index each read takes is the
    /// planner's choice from its statistics, not bounded as SQLite's walk is: a plan that reads the count index for a range
    /// whose few new issues are small beside many old ones would read most of the project.
    /// </summary>
    private async Task<List<(long Id, long Count)>> NewLaterallyAsync(CancellationToken ct)
    {
        // Each project once: read twice, its issues would fill two of the ten places.
        var projects = projectIds.Distinct().ToArray();
        var rows = await db.Database.SqlQuery<CountedIssue>($"""
            WITH walked AS (
                SELECT t.id, t.count FROM unnest({projects}::bigint[]) AS p(id)
                CROSS JOIN LATERAL (SELECT id, count FROM issues WHERE project_id = p.id AND first_seen >= {range.From} AND first_seen < {range.To}
                    ORDER BY count DESC, id DESC LIMIT {Top}) AS t),
            tenth AS (SELECT COALESCE((SELECT count FROM walked ORDER BY count DESC LIMIT 1 OFFSET {Top - 1}), -1) AS count)
            SELECT w.id AS "Id", w.count AS "Count" FROM walked AS w CROSS JOIN tenth WHERE w.count > tenth.count
            UNION ALL
            SELECT t.id, t.count FROM unnest({projects}::bigint[]) AS p(id) CROSS JOIN tenth
            CROSS JOIN LATERAL (SELECT id, count FROM issues WHERE project_id = p.id AND count = tenth.count
                AND first_seen >= {range.From} AND first_seen < {range.To} ORDER BY id LIMIT {Top}) AS t
            """).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Count)).ToList();
    }

    private static List<(long Id, long Count)> Ranked(IEnumerable<(long Id, long Count)> issues) => issues.OrderByDescending(i => i.Count).ThenBy(i => i.Id).ToList();

    private IQueryable<Issue> NewIssues(long projectId) =>
        db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId && i.FirstSeen >= range.From && i.FirstSeen < range.To);

    /// <summary>The project's ten new issues with the most events, of those with at least <paramref name="floor"/> when it is given.</summary>
    private async Task<List<(long Id, long Count)>> NewInProjectAsync(long projectId, long? floor, CancellationToken ct)
    {
        var issues = db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId);
        if (floor is { } least) issues = issues.Where(i => i.Count >= least);
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
