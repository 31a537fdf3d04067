using System.Text.Json;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Reads one analytics answer for a set of projects. Event, user and lifecycle series come from the hourly rollups
/// (a few thousand rows for 90 days, whatever the event volume; users from bounded sketches, see <see cref="UserSeries"/>),
/// resolution times and issue ages from the issue-time rollups (<see cref="IssueTimes"/>), top recurring and top new issues
/// from bounded index reads (<see cref="TopIssues"/>); fix sessions, analyses and model calls are read from their own tables by range. The environment narrows what events carry
/// (events, errors, users); issue lifecycle, autofix and AI usage belong to the project as a whole.
/// <para>
/// The parts are independent reads, so they run at once (at most <see cref="PartsAtOnce"/>), each through a context and
/// connection of its own: an answer takes a fraction of the sum of its eleven parts. Each part reads one snapshot of its own
/// (<see cref="ReadSnapshot"/>), not one snapshot of the whole answer.
/// </para>
/// </summary>
internal sealed class AnalyticsReader(IDbContextFactory<AppDbContext> contexts, IReadOnlyList<long> projectIds, IReadOnlyList<long> organizationIds, AnalyticsRange range)
{
    public async Task<AnalyticsDto> ReadAsync(CancellationToken ct)
    {
        using var reading = new SemaphoreSlim(PartsAtOnce);
        var events = On(reading, (db, c) => new RollupSeries(db, projectIds, range).EventsAsync(c), ct);
        var issues = On(reading, (db, c) => new RollupSeries(db, projectIds, range).IssuesAsync(c), ct);
        var users = On(reading, (db, c) => new UserSeries(db, projectIds, range).ReadAsync(c), ct);
        var resolution = On(reading, (db, c) => new IssueTimes(db, projectIds, range).ResolutionAsync(c), ct);
        var ages = On(reading, (db, c) => new IssueTimes(db, projectIds, range).AgesAsync(c), ct);
        var recurring = On(reading, TopRecurringAsync, ct);
        var topNew = On(reading, TopNewAsync, ct);
        var releaseEvents = On(reading, (db, c) => new RollupSeries(db, projectIds, range).ReleaseEventsAsync(c), ct);
        var releaseIssues = On(reading, (db, c) => new RollupSeries(db, projectIds, range).ReleaseIssuesAsync(c), ct);
        var releaseSessions = On(reading, (db, c) => new ReleaseSessions(db, projectIds, range).ReadAsync(c), ct);
        var autofix = On(reading, AutofixAsync, ct);
        var ai = On(reading, AiAsync, ct);
        await Task.WhenAll(events, issues, users, resolution, ages, recurring, topNew, releaseEvents, releaseIssues, releaseSessions, autofix, ai);
        var (series, totals) = Series(await events, await issues, await users);
        return new AnalyticsDto(range.From, range.To, range.Interval, range.Environment, range.Release, projectIds,
            totals, series, await resolution, await ages, (await recurring).Issues, (await recurring).Exact, await topNew,
            Releases(await releaseEvents, await releaseIssues, await releaseSessions), await autofix, await ai);
    }

    /// <summary>
    /// At most this many parts of one answer read at once, so an answer holds at most this many pooled connections
    /// (Npgsql's pool is 100 by default, and ingestion and the digest draw on it too).
    /// </summary>
    public const int PartsAtOnce = 4;

    /// <summary>
    /// One part on a thread-pool thread: Microsoft.Data.Sqlite runs its "async" reads synchronously, so without it the
    /// SQLite parts would still run one after another.
    /// </summary>
    private Task<T> On<T>(SemaphoreSlim reading, Func<AppDbContext, CancellationToken, Task<T>> read, CancellationToken ct) => Task.Run(async () =>
    {
        await reading.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            // A part may read a day and then take away the hours of that day outside the range: in two snapshots, an hour
            // changed in between would be counted once too often or too rarely.
            await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
            // PostgreSQL plans a statement that unites a part's hours, days and weeks with parallel workers once its cost
            // passes parallel_setup_cost: starting them cost more than the read (7 ms of reading took 9 alone and 25 beside
            // the other parts), and an answer's parts already read side by side. Sent with the snapshot's BEGIN.
            if (!db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("SET LOCAL max_parallel_workers_per_gather = 0", ct);
            return await read(db, ct);
        }
        finally
        {
            reading.Release();
        }
    }, ct);

    private (List<AnalyticsPoint>, AnalyticsTotals) Series(List<RollupSeries.EventsAt> events, List<RollupSeries.IssuesAt> issues, UserSeries.Answer users)
    {
        var points = range.Buckets().ToDictionary(b => b, _ => new long[6]);
        void Add(DateTime hour, int field, long value)
        {
            if (points.TryGetValue(range.BucketOf(hour), out var p)) p[field] += value;
        }
        foreach (var e in events) { Add(e.At, 0, e.Events); Add(e.At, 1, e.Errors); }
        foreach (var i in issues) { Add(i.At, 2, i.New); Add(i.At, 3, i.Regressions); Add(i.At, 4, i.Resolved); }
        foreach (var (bucket, estimate) in users.Buckets) Add(bucket, 5, estimate);
        var series = points.OrderBy(p => p.Key).Select(p => new AnalyticsPoint(p.Key, p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4], p.Value[5])).ToList();
        var totals = new AnalyticsTotals(series.Sum(p => p.Events), series.Sum(p => p.Errors), series.Sum(p => p.NewIssues),
            series.Sum(p => p.Regressions), series.Sum(p => p.Resolved), users.Total);
        return (series, totals);
    }

    private IQueryable<Issue> Issues(AppDbContext db) => db.Issues.AsNoTracking().Where(i => projectIds.Contains(i.ProjectId));

    private async Task<(List<RecurringIssue> Issues, bool Exact)> TopRecurringAsync(AppDbContext db, CancellationToken ct)
    {
        var (top, exact) = await new TopIssues(db, projectIds, range, organizationIds).RecurringAsync(ct);
        var ids = top.Select(t => t.Key).ToList();
        var issues = await Named(db, Issues(db).Where(i => ids.Contains(i.Id))).ToDictionaryAsync(i => i.Id, ct);
        return (top.Where(t => issues.ContainsKey(t.Key))
            .Select(t => new RecurringIssue(t.Key, ShortIds.Format(issues[t.Key].Slug, issues[t.Key].ShortNumber), issues[t.Key].Title, t.Value)).ToList(), exact);
    }

    private async Task<List<NewIssue>> TopNewAsync(AppDbContext db, CancellationToken ct)
    {
        var ids = await new TopIssues(db, projectIds, range, organizationIds).NewAsync(ct);
        var rows = await Named(db, Issues(db).Where(i => ids.Contains(i.Id))).ToListAsync(ct);
        return rows.OrderByDescending(i => i.Count).ThenBy(i => i.Id)
            .Select(i => new NewIssue(i.Id, ShortIds.Format(i.Slug, i.ShortNumber), i.Title, i.FirstSeen, i.Count)).ToList();
    }

    private sealed record NamedIssue(long Id, string Slug, long ShortNumber, string Title, DateTime FirstSeen, long Count);

    private static IQueryable<NamedIssue> Named(AppDbContext db, IQueryable<Issue> issues) =>
        issues.Join(db.Projects, i => i.ProjectId, p => p.Id, (i, p) => new NamedIssue(i.Id, p.Slug, i.ShortNumber, i.Title, i.FirstSeen, i.Count));

    private static List<ReleaseHealth> Releases(List<RollupSeries.ReleaseEvents> events, List<RollupSeries.ReleaseIssues> issues, List<ReleaseSessions.Health> sessions)
    {
        var eventsOf = events.ToDictionary(e => e.Release);
        var issuesOf = issues.ToDictionary(i => i.Release);
        var sessionsOf = sessions.ToDictionary(s => s.Release);
        return eventsOf.Keys.Union(issuesOf.Keys).Union(sessionsOf.Keys).Select(r =>
            {
                var e = eventsOf.GetValueOrDefault(r);
                var i = issuesOf.GetValueOrDefault(r);
                var s = sessionsOf.GetValueOrDefault(r);
                long count = e?.Events ?? 0, errors = e?.Errors ?? 0;
                return new ReleaseHealth(r, count, errors, i?.New ?? 0, i?.Regressions ?? 0, count == 0 ? null : Math.Round(errors * 1000.0 / count, 1),
                    s?.Sessions ?? 0, CrashFree(s?.Crashed ?? 0, s?.Sessions ?? 0), CrashFree(s?.CrashedUsers ?? 0, s?.Users ?? 0));
            })
            // The busiest fifty by events and sessions together: a release whose sessions all went well has no events, and
            // ranked by events alone it fell off the list, and out of the release health table, first.
            .OrderByDescending(r => r.Events + r.Sessions).ThenBy(r => r.Release, StringComparer.Ordinal).Take(50).ToList();
    }

    /// <summary>
    /// The share not crashed, in percent, rounded down to two decimals so that 100% means no crash at all; null with
    /// nothing to share (no sessions, or no SDK that names users).
    /// </summary>
    private static double? CrashFree(long crashed, long all) =>
        all <= 0 ? null : Math.Floor(10_000.0 * (1 - Math.Min(crashed, all) / (double)all)) / 100;

    private async Task<AutofixOutcomes> AutofixAsync(AppDbContext db, CancellationToken ct)
    {
        var sessions = await db.FixSessions.AsNoTracking()
            .Where(s => projectIds.Contains(s.ProjectId) && s.CreatedAt >= range.From && s.CreatedAt < range.To)
            .Join(db.Issues, s => s.IssueId, i => i.Id, (s, i) => new { s.Status, s.Candidates, s.ApprovedCandidateId, s.AppliedCommit, s.PullRequestUrl, s.MergedAt, i.FirstSeen })
            .ToListAsync(ct);
        int validated = 0, mitigations = 0;
        foreach (var s in sessions)
        {
            var candidates = JsonSerializer.Deserialize<List<FixCandidateRecord>>(s.Candidates, FixSessionWorker.Json) ?? [];
            if (candidates.Any(c => c.Validated && c.Kind == Core.Autofix.Candidates.CandidateKind.Fix)) validated++;
            if (candidates.Any(c => c.Kind == Core.Autofix.Candidates.CandidateKind.Mitigation)) mitigations++;
        }
        var toMerge = sessions.Where(s => s.MergedAt != null).Select(s => (s.MergedAt!.Value - s.FirstSeen).TotalHours).ToList();
        return new AutofixOutcomes(sessions.Count, validated, mitigations, sessions.Count(s => s.ApprovedCandidateId != null),
            sessions.Count(s => s.AppliedCommit != null), sessions.Count(s => s.MergedAt != null && s.PullRequestUrl != null), IssueTimes.Median(toMerge));
    }

    private async Task<AiUsage> AiAsync(AppDbContext db, CancellationToken ct)
    {
        var analyses = await db.IssueAnalyses.AsNoTracking()
            .Where(a => projectIds.Contains(a.ProjectId) && a.CreatedAt >= range.From && a.CreatedAt < range.To)
            .GroupBy(a => a.Model ?? a.Engine ?? "")
            .Select(g => new { Model = g.Key, Count = g.Count(), Failed = g.Count(a => a.Status == Core.Analysis.AnalysisStatus.Failed) }).ToListAsync(ct);
        // Cost is a decimal, which SQLite cannot sum: the range's calls are summed here.
        var calls = await db.ModelCalls.AsNoTracking()
            .Where(c => organizationIds.Contains(c.OrganizationId) && c.CreatedAt >= range.From && c.CreatedAt < range.To)
            .Select(c => new { c.ModelName, c.InputTokens, c.OutputTokens, c.Cost }).ToListAsync(ct);
        return new AiUsage(
            analyses.OrderByDescending(a => a.Count).Select(a => new AnalysesByModel(a.Model == "" ? "unknown" : a.Model, a.Count, a.Failed)).ToList(),
            calls.GroupBy(c => c.ModelName).Select(g => new ModelCost(g.Key, g.Count(), g.Sum(c => (long)c.InputTokens), g.Sum(c => (long)c.OutputTokens), g.Sum(c => c.Cost)))
                .OrderByDescending(m => m.Cost).ThenBy(m => m.Model, StringComparer.Ordinal).ToList());
    }
}
