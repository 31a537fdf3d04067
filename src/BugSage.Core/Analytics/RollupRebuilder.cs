using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analytics;

/// <summary>
/// Recomputes the rollups from raw data: events (events, errors, users), issues (first sightings) and their
/// history (regressions, resolutions). Hours older than a project's oldest stored event keep their rollups:
/// retention removed the events they counted, as it leaves issues' hourly counts. Deleting an issue takes its
/// share out with the same keys.
/// </summary>
public sealed class RollupRebuilder(AppDbContext db)
{
    private const int Chunk = 10_000;

    /// <summary>Rebuilds one project's rollups in one transaction; answers the hour from which event rollups were recounted (null: no events stored).</summary>
    public async Task<DateTime?> RebuildAsync(long projectId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var since = await OldestEventHourAsync(db, projectId, ct);
        var changes = new RollupChanges();
        await AddEventsAsync(db, changes, db.Events.Where(e => e.ProjectId == projectId), 1, ct);
        await AddIssueFactsAsync(db, changes, db.Issues.Where(i => i.ProjectId == projectId), 1, ct);
        if (since is { } from)
        {
            await db.EventHours.Where(h => h.ProjectId == projectId && h.Hour >= from).ExecuteDeleteAsync(ct);
            await db.UserHours.Where(h => h.ProjectId == projectId && h.Hour >= from).ExecuteDeleteAsync(ct);
        }
        await db.IssueHours.Where(h => h.ProjectId == projectId).ExecuteDeleteAsync(ct);
        await changes.WriteAsync(db, ct);
        await tx.CommitAsync(ct);
        return since;
    }

    /// <summary>What the rollups of one project should hold, from raw data alone (event rollups: from its oldest stored event's hour on).</summary>
    public async Task<RollupChanges> ComputeAsync(long projectId, CancellationToken ct)
    {
        var changes = new RollupChanges();
        await AddEventsAsync(db, changes, db.Events.Where(e => e.ProjectId == projectId), 1, ct);
        await AddIssueFactsAsync(db, changes, db.Issues.Where(i => i.ProjectId == projectId), 1, ct);
        return changes;
    }

    public static async Task<DateTime?> OldestEventHourAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var oldest = await db.Events.Where(e => e.ProjectId == projectId).OrderBy(e => e.Timestamp).Select(e => (DateTime?)e.Timestamp).FirstOrDefaultAsync(ct);
        return oldest is { } at ? RollupChanges.HourOf(at) : null;
    }

    /// <summary>Takes an issue about to be deleted out of the rollups: its events, its first sighting, its regressions and resolutions.</summary>
    public static async Task SubtractIssueAsync(AppDbContext db, Issue issue, CancellationToken ct)
    {
        var changes = new RollupChanges();
        await AddEventsAsync(db, changes, db.Events.Where(e => e.IssueId == issue.Id), -1, ct);
        await AddIssueFactsAsync(db, changes, db.Issues.Where(i => i.Id == issue.Id), -1, ct);
        await changes.WriteAsync(db, ct);
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
