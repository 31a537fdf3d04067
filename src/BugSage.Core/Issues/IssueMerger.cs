using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Processing.Digest;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues;

/// <summary>
/// Merges issues into one (events, fingerprints, tag counts, users and history move to the
/// target; future events of the merged fingerprints land there), splits fingerprints back out,
/// and deletes issues, optionally discarding their fingerprints so future events are dropped.
/// </summary>
public sealed class IssueMerger(AppDbContext db, TimeProvider clock, Analytics.RollupDimensions dimensions)
{
    /// <summary>What a merge kept and what it merged into it.</summary>
    public sealed record Merged(Issue Target, IReadOnlyList<long> Sources);

    /// <summary>
    /// Merges the issues into the one with the most events; null when fewer than two of them are left by the time their
    /// rows are taken (another merge or a delete came first).
    /// </summary>
    public async Task<Merged?> MergeAsync(IReadOnlyCollection<long> issueIds, Actor actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issues = await LockAsync(issueIds, ct);
        if (issues.Count < 2) return null;
        var target = issues.OrderByDescending(i => i.Count).ThenBy(i => i.Id).First();
        var sources = issues.Where(i => i.Id != target.Id).ToList();
        var sourceIds = sources.Select(i => i.Id).ToList();

        // Every merged issue stops counting as new in its first hour; the target counts again in its (earliest) one.
        var rollups = new Analytics.RollupChanges();
        foreach (var issue in issues) rollups.AddNewIssue(issue.ProjectId, issue.FirstSeen, issue.FirstRelease, -1);

        await db.Events.Where(e => sourceIds.Contains(e.IssueId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.IssueId, target.Id), ct);
        await db.IssueHashes.Where(h => sourceIds.Contains(h.IssueId)).ExecuteUpdateAsync(s => s.SetProperty(h => h.IssueId, target.Id), ct);
        await db.IssueActivities.Where(a => sourceIds.Contains(a.IssueId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.IssueId, target.Id), ct);
        await MoveTrackerLinksAsync(target.Id, sourceIds, ct);
        foreach (var sourceId in sourceIds)
        {
            // "WHERE" before "ON CONFLICT" keeps SQLite's parser from reading the upsert as a join.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO issue_tags (issue_id, key, value, count, first_seen, last_seen)
                SELECT {target.Id}, key, value, count, first_seen, last_seen FROM issue_tags WHERE issue_id = {sourceId}
                ON CONFLICT (issue_id, key, value) DO UPDATE SET count = issue_tags.count + excluded.count,
                  first_seen = CASE WHEN excluded.first_seen < issue_tags.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END,
                  last_seen = CASE WHEN excluded.last_seen > issue_tags.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO issue_hourly_counts (issue_id, hour, count)
                SELECT {target.Id}, hour, count FROM issue_hourly_counts WHERE issue_id = {sourceId}
                ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly_counts.count + excluded.count
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO issue_features (issue_id, feature, project_id)
                SELECT {target.Id}, feature, project_id FROM issue_features WHERE issue_id = {sourceId}
                ON CONFLICT (issue_id, feature) DO NOTHING
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO issue_users (issue_id, user_key) SELECT {target.Id}, user_key FROM issue_users WHERE issue_id = {sourceId}
                ON CONFLICT (issue_id, user_key) DO NOTHING
                """, ct);
        }

        var first = issues.MinBy(i => i.FirstSeen)!;
        var last = issues.MaxBy(i => i.LastSeen)!;
        target.Count = issues.Sum(i => i.Count);
        target.UserCount = await db.IssueUsers.CountAsync(u => u.IssueId == target.Id, ct);
        target.FirstSeen = first.FirstSeen;
        target.FirstRelease = first.FirstRelease;
        target.LastSeen = last.LastSeen;
        target.LastRelease = last.LastRelease ?? target.LastRelease;
        db.Issues.RemoveRange(sources);
        rollups.AddNewIssue(target.ProjectId, target.FirstSeen, target.FirstRelease);
        await rollups.WriteAsync(db, dimensions, ct);
        db.IssueActivities.Add(IssueActivity.Of(target.Id, ActivityKinds.Merged, actor, clock.GetUtcNow().UtcDateTime,
            new { merged = sources.Select(s => new { s.Id, s.ShortNumber, s.Title }).ToList() }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Merged(target, sourceIds);
    }

    /// <summary>
    /// Takes the issues' rows (in id order, as the digest takes its batch's) before reading them, and reads them again. A digest storing
    /// their events either committed first, and its counts are read here, or waits until this transaction commits and then
    /// finds their fingerprints where this one left them. Read before the lock, a merge overwrote the digest's counts, and
    /// deleted with a merged-away issue an event the digest had just stored in it.
    /// </summary>
    internal async Task<List<Issue>> LockAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var sorted = ids.Distinct().Order().ToArray();
        if (db.Database.IsNpgsql())
            await IssueLocks.ForRemovalAsync(db, sorted, ct);
        else
            // SQLite has one writer: writing first makes this transaction it, so nothing commits between the read and the writes.
            await db.Issues.Where(i => sorted.Contains(i.Id)).ExecuteUpdateAsync(u => u.SetProperty(i => i.Count, i => i.Count), ct);
        // A query does not overwrite an issue the caller had already read: those it has not changed are let go first, so
        // one query reads them all as they are now; one it changed (none does today) is read again, dropping the change.
        foreach (var entry in db.ChangeTracker.Entries<Issue>().Where(e => sorted.Contains(e.Entity.Id)).ToList())
        {
            if (entry.State == EntityState.Unchanged) entry.State = EntityState.Detached;
            else await entry.ReloadAsync(ct);
        }
        var issues = await db.Issues.Where(i => sorted.Contains(i.Id)).ToListAsync(ct);
        return issues;
    }

    /// <summary>
    /// Tracker links follow the events, one per tracker integration: the target keeps its own, else
    /// takes the oldest source's; the other sources' links go with their issues.
    /// </summary>
    private async Task MoveTrackerLinksAsync(long targetId, List<long> sourceIds, CancellationToken ct)
    {
        var taken = await db.ExternalIssues.Where(l => l.IssueId == targetId).Select(l => l.IntegrationId).ToListAsync(ct);
        var moving = await db.ExternalIssues.Where(l => sourceIds.Contains(l.IssueId)).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var link in moving.Where(l => !taken.Contains(l.IntegrationId)).DistinctBy(l => l.IntegrationId))
        {
            await db.ExternalIssueSyncs.Where(s => s.ExternalIssueId == link.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IssueId, targetId), ct);
            link.IssueId = targetId;
        }
    }

    /// <summary>What an unmerge made: the split-out issue, or why there is none.</summary>
    public sealed record Unmerged(Issue? Split, UnmergeRefusal Refusal = UnmergeRefusal.None);

    public enum UnmergeRefusal
    {
        None,
        /// <summary>The issue was deleted or merged away before its row was taken.</summary>
        Gone,
        /// <summary>
        /// By the time its row was taken, a fingerprint to split out was no longer the issue's (another unmerge of it
        /// came first), or none of its fingerprints would stay.
        /// </summary>
        Moved,
    }

    /// <summary>
    /// Splits fingerprints out of an issue into one new issue: their events move with them, and
    /// both issues' counters are rebuilt from their events. Future events follow the fingerprints. The fingerprints are
    /// checked again once the issue's row is taken: checked only before, two unmerges of the same fingerprint each made
    /// an issue, the second an empty one.
    /// </summary>
    public async Task<Unmerged> UnmergeAsync(Issue source, IReadOnlyCollection<string> hashes, Actor actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if ((await LockAsync([source.Id], ct)).SingleOrDefault() is not { } locked) return new(null, UnmergeRefusal.Gone);
        source = locked;
        var own = await db.IssueHashes.Where(h => h.IssueId == source.Id).Select(h => h.Hash).ToListAsync(ct);
        if (hashes.Except(own).Any() || hashes.Distinct().Count() >= own.Count) return new(null, UnmergeRefusal.Moved);
        var rollups = new Analytics.RollupChanges();
        rollups.AddNewIssue(source.ProjectId, source.FirstSeen, source.FirstRelease, -1);
        var project = await db.Projects.FirstAsync(p => p.Id == source.ProjectId, ct);
        // Its counters and releases are rebuilt from the events that move to it.
        var split = IssueFactory.Open(await IssueFactory.ReserveAsync(db, project.Id, ct), project, source.Title, null, source.Level, source.Platform, source.FirstSeen, source.LastSeen, null);
        split.Substatus = IssueSubstatus.Ongoing;
        db.Issues.Add(split);
        await db.SaveChangesAsync(ct);
        await db.IssueHashes.Where(h => h.IssueId == source.Id && hashes.Contains(h.Hash))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.IssueId, split.Id), ct);
        await db.Events.Where(e => e.IssueId == source.Id && e.Hash != null && hashes.Contains(e.Hash))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.IssueId, split.Id), ct);
        await RebuildAsync(source, ct);
        await RebuildAsync(split, ct);
        // Both issues count as new where their rebuilt first sightings put them.
        rollups.AddNewIssue(source.ProjectId, source.FirstSeen, source.FirstRelease);
        rollups.AddNewIssue(split.ProjectId, split.FirstSeen, split.FirstRelease);
        await rollups.WriteAsync(db, dimensions, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var data = new { hashes, from = source.Id, to = split.Id };
        db.IssueActivities.AddRange(
            IssueActivity.Of(source.Id, ActivityKinds.Unmerged, actor, now, data),
            IssueActivity.Of(split.Id, ActivityKinds.Unmerged, actor, now, data));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(split);
    }

    /// <summary>
    /// Recomputes an issue's counts, users, tags and hourly counts from its stored events, a thousand at a time (also after
    /// reprocessing moved events between issues). The caller saves the issue.
    /// </summary>
    internal async Task RebuildAsync(Issue issue, CancellationToken ct)
    {
        await db.IssueUsers.Where(u => u.IssueId == issue.Id).ExecuteDeleteAsync(ct);
        await db.IssueTags.Where(t => t.IssueId == issue.Id).ExecuteDeleteAsync(ct);
        await db.IssueHourlyCounts.Where(h => h.IssueId == issue.Id).ExecuteDeleteAsync(ct);
        issue.Count = 0;
        issue.UserCount = 0;
        NormalizedEvent? first = null, last = null;
        long afterId = 0;
        while (true)
        {
            var chunk = await db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id && e.Id > afterId)
                .OrderBy(e => e.Id).Take(1000).Select(e => new { e.Id, e.Payload }).ToListAsync(ct);
            if (chunk.Count == 0) break;
            afterId = chunk[^1].Id;
            var events = chunk.Select(e => Readable(e.Payload)).OfType<NormalizedEvent>().Select(e => (issue.Id, e)).ToList();
            // An event whose payload no longer reads still counts; it adds no users, tags or hours, and stops no rebuild.
            issue.Count += chunk.Count;
            issue.UserCount += (await AggregateWriter.CountUsersAsync(db, events, ct)).GetValueOrDefault(issue.Id);
            await AggregateWriter.UpsertTagsAsync(db, events, ct);
            await AggregateWriter.CountHoursAsync(db, events, ct);
            foreach (var (_, e) in events)
            {
                if (first is null || e.Timestamp < first.Timestamp) first = e;
                if (last is null || e.Timestamp >= last.Timestamp) last = e;
            }
        }
        if (first is null || last is null) return;
        // The split-out issue gets its own traits for similar-issue suggestions.
        await BulkUpsert.ExecuteAsync(db, "INSERT INTO issue_features (issue_id, feature, project_id) VALUES",
            "ON CONFLICT (issue_id, feature) DO NOTHING", 3,
            SimilarityFeatures.Of(last).Select(f => new object?[] { issue.Id, f, issue.ProjectId }).ToList(), ct);
        issue.FirstSeen = first.Timestamp;
        issue.FirstRelease = first.Release;
        issue.LastSeen = last.Timestamp;
        issue.LastRelease = last.Release;
        issue.Title = last.Title;
        issue.Culprit = last.Culprit;
        issue.Level = last.Level;
    }

    private static NormalizedEvent? Readable(byte[] payload)
    {
        try
        {
            return EventJson.Decompress(payload);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes an issue with its events; with <paramref name="discard"/>, its fingerprints' future events are dropped.
    /// False when it is gone by the time its row is taken (deleted or merged away meanwhile).
    /// </summary>
    public async Task<bool> DeleteAsync(Issue issue, bool discard, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if ((await LockAsync([issue.Id], ct)).SingleOrDefault() is not { } locked) return false;
        issue = locked;
        if (discard)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var hashes = await db.IssueHashes.Where(h => h.IssueId == issue.Id).Select(h => h.Hash).ToListAsync(ct);
            db.DiscardedHashes.AddRange(hashes.Select(h => new DiscardedHash { ProjectId = issue.ProjectId, Hash = h, CreatedAt = now }));
        }
        var recount = await Analytics.RollupRebuilder.SubtractIssueAsync(db, dimensions, issue, ct);
        // Deleted explicitly: PostgreSQL and SQLite cascade alike, but a large issue is many rows.
        await db.Events.Where(e => e.IssueId == issue.Id).ExecuteDeleteAsync(ct);
        await Analytics.RollupRebuilder.RecountUsersAsync(db, dimensions, recount, ct);
        db.Issues.Remove(issue);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
