using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Analytics;

/// <summary>
/// Recomputes the rollups from raw data: events (events, errors, users), issues (first sightings) and their
/// history (regressions, resolutions). By default only hours the stored events still cover are recounted: from the
/// later of the oldest event and the project's retention cutoff, so one back-dated event cannot make a rebuild wipe
/// history retention purged; older hours keep their rollups until rollup retention drops them. An explicit range
/// recounts exactly that range, whatever raw data is left. Deleting an issue takes its share out with the same keys.
/// </summary>
public sealed class RollupRebuilder(AppDbContext db, IOptions<RetentionOptions> retention, TimeProvider clock, RollupDimensions dimensions)
{
    private const int Chunk = 10_000;

    /// <summary>
    /// Rebuilds one project's rollups in one transaction; answers the range of hours recounted (null: no events stored
    /// and no range asked, so event rollups were kept).
    /// </summary>
    public async Task<(DateTime From, DateTime To)?> RebuildAsync(long projectId, CancellationToken ct, DateTime? from = null, DateTime? to = null)
    {
        // One statement can carry a whole project's trigger work: on PostgreSQL the deferred project-hour and project-day
        // triggers of every hour rewritten fire at the recount's SET CONSTRAINTS (520,000 upserts for a million events,
        // past the 30-second default). A rebuild is an administrator's bulk job; the caller's token still cancels it.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(RebuildStatementTimeout);
        try
        {
            return await RebuildInTransactionAsync(projectId, from, to, ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>How long one statement of a rebuild may run.</summary>
    public static readonly TimeSpan RebuildStatementTimeout = TimeSpan.FromHours(1);

    private async Task<(DateTime From, DateTime To)?> RebuildInTransactionAsync(long projectId, DateTime? from, DateTime? to, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var range = await RangeAsync(projectId, from, to, ct);
        var changes = await ComputeAsync(projectId, range, ct);
        if (range is (var start, var end))
        {
            await db.EventHours.Where(h => h.ProjectId == projectId && h.Hour >= start && h.Hour < end).ExecuteDeleteAsync(ct);
            await db.UserSketchHours.Where(h => h.ProjectId == projectId && h.Hour >= start && h.Hour < end).ExecuteDeleteAsync(ct);
        }
        var (issuesFrom, issuesTo) = await IssueRangeAsync(projectId, from, to, ct);
        await db.IssueHours.Where(h => h.ProjectId == projectId && h.Hour >= issuesFrom && h.Hour < issuesTo).ExecuteDeleteAsync(ct);
        await changes.WriteAsync(db, dimensions, ct);
        if (range is (var first, var last)) await UserSketchStore.RecountMergedAsync(db, projectId, UserSketchStore.DayOf(first), last, ct);
        await RecountIssueTimesAsync(db, projectId, ct);
        await RecountIssueDaysAsync(db, projectId, ct);
        await RecountSummedRollupsAsync(db, projectId, ct);
        await tx.CommitAsync(ct);
        return range;
    }

    /// <summary>What the rollups of one project should hold over the hours raw data covers (see <see cref="RangeAsync"/>).</summary>
    public async Task<RollupChanges> ComputeAsync(long projectId, CancellationToken ct) =>
        await ComputeAsync(projectId, await RangeAsync(projectId, null, null, ct), ct);

    private async Task<RollupChanges> ComputeAsync(long projectId, (DateTime From, DateTime To)? range, CancellationToken ct)
    {
        var changes = new RollupChanges();
        if (range is (var start, var end))
            await AddEventsAsync(db, changes, db.Events.Where(e => e.ProjectId == projectId && e.Timestamp >= start && e.Timestamp < end), 1, ct);
        await AddIssueFactsAsync(db, changes, db.Issues.Where(i => i.ProjectId == projectId), 1, ct);
        var (issuesFrom, issuesTo) = await IssueRangeAsync(projectId, null, null, ct);
        changes.KeepIssueHours(issuesFrom, issuesTo);
        return changes;
    }

    /// <summary>
    /// The hours whose event rollups a rebuild recounts: the asked range, else from the later of the oldest stored
    /// event's hour and the first whole hour after the project's retention cutoff, up to past the newest event.
    /// </summary>
    public async Task<(DateTime From, DateTime To)?> RangeAsync(long projectId, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var newest = await db.Events.Where(e => e.ProjectId == projectId).OrderByDescending(e => e.Timestamp).Select(e => (DateTime?)e.Timestamp).FirstOrDefaultAsync(ct);
        var end = to is { } t ? RollupChanges.HourOf(t) : RollupChanges.HourOf(Later(newest ?? now, now)).AddHours(1);
        if (from is { } f) return (RollupChanges.HourOf(f), end);
        var oldest = await db.Events.Where(e => e.ProjectId == projectId).OrderBy(e => e.Timestamp).Select(e => (DateTime?)e.Timestamp).FirstOrDefaultAsync(ct);
        if (oldest is null) return null;
        var days = await db.Projects.Where(p => p.Id == projectId).Select(p => p.EventRetentionDays).FirstOrDefaultAsync(ct);
        var cutoff = RollupChanges.HourOf(now.AddDays(-retention.Value.DaysFor(days))).AddHours(1);
        return (Later(RollupChanges.HourOf(oldest.Value), cutoff), end);
    }

    /// <summary>Issue lifecycle comes from issues and their history, which retention keeps: recounted back to the rollup retention cutoff.</summary>
    private async Task<(DateTime From, DateTime To)> IssueRangeAsync(long projectId, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var days = await db.Projects.Where(p => p.Id == projectId).Select(p => p.EventRetentionDays).FirstOrDefaultAsync(ct);
        var floor = RollupChanges.HourOf(clock.GetUtcNow().UtcDateTime.AddDays(-retention.Value.RollupDaysFor(days)));
        return (from is { } f ? Later(RollupChanges.HourOf(f), floor) : floor, to is { } t ? RollupChanges.HourOf(t) : DateTime.MaxValue);
    }

    /// <summary>
    /// Recounts a project's issue timings (<see cref="IssueTimeHour"/>) and first triages from its issues and their
    /// history, whatever the range: they are one row per issue to read, and open issues of any age count in the ages.
    /// </summary>
    public static async Task RecountIssueTimesAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        foreach (var statement in new IssueTimeSql(db.Database.IsNpgsql()).Recount(projectId))
            await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    /// <summary>Recounts a project's issues' daily and weekly event sums (<see cref="IssueDay"/>, <see cref="IssueWeek"/>) from their hourly counts, whatever the range.</summary>
    public static async Task RecountIssueDaysAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        foreach (var statement in new IssueDaySql(db.Database.IsNpgsql()).Recount(projectId))
            await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    /// <summary>
    /// Recounts a project's daily event and lifecycle sums, and its hourly sums over every environment and release, from
    /// their hours. Their triggers already followed the rebuild's
    /// writes; the recount is what repairs days that were ever written past them (a restore of one table, a hand edit).
    /// </summary>
    public static async Task RecountSummedRollupsAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        foreach (var rollup in DayRollupSql.All(postgres))
            foreach (var statement in rollup.Recount(projectId))
                await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// Takes an issue about to be deleted out of the rollups: its events, its first sighting, its regressions and
    /// resolutions. Answers the hours whose users must be recounted (<see cref="RecountUsersAsync"/>) once its events are gone.
    /// </summary>
    public static async Task<IReadOnlyCollection<(long Project, DateTime Hour)>> SubtractIssueAsync(AppDbContext db, RollupDimensions dimensions, Issue issue, CancellationToken ct)
    {
        var changes = new RollupChanges();
        await AddEventsAsync(db, changes, db.Events.Where(e => e.IssueId == issue.Id), -1, ct);
        await AddIssueFactsAsync(db, changes, db.Issues.Where(i => i.Id == issue.Id), -1, ct);
        await changes.WriteAsync(db, dimensions, ct);
        return changes.UsersToRecount;
    }

    /// <summary>Recounts the users of the given hours from the events that remain, a day's worth of hours per pass.</summary>
    public static async Task RecountUsersAsync(AppDbContext db, RollupDimensions dimensions, IReadOnlyCollection<(long Project, DateTime Hour)> hours, CancellationToken ct)
    {
        foreach (var project in hours.GroupBy(h => h.Project))
            foreach (var day in project.Select(h => h.Hour).GroupBy(UserSketchStore.DayOf))
                foreach (var hour in day.Distinct())
                    await UserSketchStore.RecountAsync(db, dimensions, project.Key, hour, hour.AddHours(1), ct);
    }

    private static async Task AddEventsAsync(AppDbContext db, RollupChanges changes, IQueryable<Events.StoredEvent> events, int sign, CancellationToken ct)
    {
        long afterId = 0;
        while (true)
        {
            var chunk = await events.AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id).Take(Chunk)
                .Select(e => new { e.Id, e.ProjectId, e.Timestamp, e.Environment, e.Release, e.Level, e.UserKey }).ToListAsync(ct);
            foreach (var e in chunk) changes.AddEvent(e.ProjectId, e.Timestamp, e.Environment, e.Release, e.Level, e.UserKey, sign);
            if (chunk.Count < Chunk) return;
            afterId = chunk[^1].Id;
        }
    }

    private static async Task AddIssueFactsAsync(AppDbContext db, RollupChanges changes, IQueryable<Issue> issues, int sign, CancellationToken ct)
    {
        var firsts = await issues.AsNoTracking().Select(i => new { i.ProjectId, i.FirstSeen, i.FirstRelease }).ToListAsync(ct);
        foreach (var i in firsts) changes.AddNewIssue(i.ProjectId, i.FirstSeen, i.FirstRelease, sign);
        var history = await db.IssueActivities.AsNoTracking()
            .Where(a => a.Kind == ActivityKinds.Regressed || a.Kind == ActivityKinds.StatusChanged)
            .Join(issues, a => a.IssueId, i => i.Id, (a, i) => new { i.ProjectId, a.Kind, a.CreatedAt, a.Data })
            .ToListAsync(ct);
        foreach (var a in history)
        {
            if (a.Kind == ActivityKinds.Regressed) changes.AddRegression(a.ProjectId, a.CreatedAt, Field(a.Data, "release"), sign);
            else if (Field(a.Data, "to") == IssueStatus.Resolved && Field(a.Data, "from") != IssueStatus.Resolved) changes.AddResolution(a.ProjectId, a.CreatedAt, sign);
        }
    }

    /// <summary>A string field of an activity's JSON data, as <see cref="IssueActivity.Of"/> wrote it.</summary>
    private static string? Field(string? data, string name)
    {
        if (data is null) return null;
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
