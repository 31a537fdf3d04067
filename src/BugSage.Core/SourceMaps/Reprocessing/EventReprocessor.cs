using System.Data.Common;
using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>
/// Maps stored events again with the source maps there are now and rewrites them, then puts what
/// derives from frames right: each event's fingerprint, the issue it belongs to (an existing issue
/// of the new fingerprint, else its own, which takes the fingerprint), counters of issues that lost
/// or gained events, and the culprit and title of each issue it touched. An event that cannot be
/// read or mapped fails alone; a database failure fails the run.
/// </summary>
public sealed class EventReprocessor(AppDbContext db, SourceMapLookup lookup, IssueMerger merger, Analytics.RollupDimensions dimensions, Caching.IssueListChanges issueLists, ILogger<EventReprocessor> logger)
{
    private sealed record Row(long Id, string EventId, long IssueId, string? Hash, byte[] Payload);

    /// <summary>An event mapped again: its new fingerprint and payload, written by <see cref="WriteAsync"/>.</summary>
    private sealed record Rewrite(Row Row, GroupingResult Grouping, byte[] Payload);

    public async Task<ReprocessOutcome> RunAsync(ReprocessSelection selection, Actor actor, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == selection.ProjectId, ct);
        var rules = FingerprintRule.ParseAll(project.FingerprintRules);
        // This node may hold what the project's files resolved to before an upload made on another node.
        lookup.Forget([project.Id]);

        var ids = await Selected(selection).OrderByDescending(e => e.Id).Select(e => e.Id).Take(ReprocessLimits.EventsPerRun + 1).ToListAsync(ct);
        long? nextBefore = null;
        if (ids.Count > ReprocessLimits.EventsPerRun)
        {
            ids.RemoveAt(ids.Count - 1);
            nextBefore = ids[^1];
        }

        int examined = 0, changed = 0, failed = 0;
        var failures = new List<string>();
        var moves = new List<(long From, long To)>();
        var touched = new HashSet<long>();
        foreach (var chunk in ids.Chunk(ReprocessLimits.Chunk))
        {
            var rows = await db.Events.AsNoTracking().Where(e => chunk.Contains(e.Id)).OrderByDescending(e => e.Id)
                .Select(e => new Row(e.Id, e.EventId, e.IssueId, e.Hash, e.Payload)).ToListAsync(ct);
            var rewrites = new List<Rewrite>();
            foreach (var row in rows)
            {
                examined++;
                try
                {
                    var evt = EventJson.Decompress(row.Payload);
                    if (selection.OnlyUnmapped && !EventSymbolicator.HasUnmappedFrames(evt)) continue;
                    if (!EventResymbolicator.Apply(evt, (url, debugId) => lookup.Find(project.Id, url, debugId, evt.Release, evt.Dist))) continue;
                    rewrites.Add(new Rewrite(row, EventFingerprinter.Fingerprint(evt, rules), EventJson.Compress(evt)));
                }
                catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or DbException or DbUpdateException))
                {
                    // A stored event that no longer reads, or a surprise in its frames, costs that event only.
                    failed++;
                    if (failures.Count < ReprocessLimits.FailuresNamed) failures.Add($"event {row.EventId}: {e.GetType().Name}: {e.Message}".Truncate(300));
                    logger.LogWarning(e, "Reprocessing event {EventId} of project {ProjectId} failed", row.EventId, project.Id);
                }
            }
            changed += await WriteAsync(project.Id, rewrites, moves, touched, ct);
        }

        var merged = await RegroupAsync(moves, actor, ct);
        await RetitleAsync(touched.Where(i => !merged.ContainsKey(i)).ToList(), ct);
        return new ReprocessOutcome(examined, changed, moves.Count, failed, nextBefore, failures, merged);
    }

    /// <summary>
    /// Writes a chunk's events in one transaction that first takes their issues and the issues their new fingerprints
    /// belong to, in id order, as the digest and merges take them (<see cref="IssueLocks"/>). An event whose issue a
    /// merge or a delete removed meanwhile, or that a merge or an unmerge moved, is left as it now is: written unlocked,
    /// a move pointed it at an issue that was gone, and the run failed.
    /// </summary>
    private async Task<int> WriteAsync(long projectId, List<Rewrite> rewrites, List<(long From, long To)> moves, HashSet<long> touched, CancellationToken ct)
    {
        if (rewrites.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var regrouped = rewrites.Where(r => r.Grouping.Hash != r.Row.Hash).Select(r => r.Grouping.Hash).Distinct().ToList();
        var owning = await db.IssueHashes.AsNoTracking().Where(h => h.ProjectId == projectId && regrouped.Contains(h.Hash)).Select(h => h.IssueId).ToListAsync(ct);
        var present = (await IssueLocks.ReadForChangeAsync(db, rewrites.Select(r => r.Row.IssueId).Concat(owning), ct)).Select(i => i.Id).ToHashSet();
        // Read again now that the issues are taken: a merge may have moved a fingerprint meanwhile.
        var owners = new Dictionary<string, long>(StringComparer.Ordinal);
        var changed = 0;
        foreach (var (row, grouping, payload) in rewrites)
        {
            if (!present.Contains(row.IssueId)) continue;
            var issueId = grouping.Hash == row.Hash ? row.IssueId : await IssueOfAsync(projectId, grouping, row.IssueId, owners, ct);
            // A fingerprint that moved to an issue not taken here (a merge's target, a digest's new issue) waits for the next
            // run: taken now, out of order, it could wait for a merge or a delete that waits for an issue this run holds.
            if (issueId != row.IssueId && !present.Contains(issueId)) continue;
            var written = await db.Events.Where(e => e.Id == row.Id && e.IssueId == row.IssueId).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Payload, payload).SetProperty(e => e.Hash, grouping.Hash).SetProperty(e => e.IssueId, issueId), ct);
            if (written == 0) continue;
            changed++;
            touched.Add(issueId);
            if (issueId != row.IssueId) moves.Add((row.IssueId, issueId));
        }
        await tx.CommitAsync(ct);
        return changed;
    }

    private IQueryable<StoredEvent> Selected(ReprocessSelection selection)
    {
        var events = db.Events.AsNoTracking().Where(e => e.ProjectId == selection.ProjectId);
        if (selection.IssueId is { } issueId) events = events.Where(e => e.IssueId == issueId);
        if (selection.Release is { } release) events = events.Where(e => e.Release == release);
        if (selection.BeforeId is { } before) events = events.Where(e => e.Id < before);
        return events;
    }

    /// <summary>
    /// The issue of a fingerprint: the one that already has it, else the event's own issue, which takes it, so that
    /// later events of the same bug (mapped at once) join the reprocessed ones there.
    /// </summary>
    private async Task<long> IssueOfAsync(long projectId, GroupingResult grouping, long current, Dictionary<string, long> owners, CancellationToken ct)
    {
        if (owners.TryGetValue(grouping.Hash, out var known)) return known;
        var owner = await OwnerAsync(projectId, grouping.Hash, ct);
        if (owner is null)
        {
            var components = JsonSerializer.Serialize(grouping, GroupingJson.Options);
            // The digest may claim the fingerprint at the same moment: whoever inserts first owns it.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO issue_hashes (project_id, hash, issue_id, components) VALUES ({projectId}, {grouping.Hash}, {current}, {components})
                ON CONFLICT (project_id, hash) DO NOTHING
                """, ct);
            owner = await OwnerAsync(projectId, grouping.Hash, ct);
        }
        return owners[grouping.Hash] = owner ?? current;
    }

    private Task<long?> OwnerAsync(long projectId, string hash, CancellationToken ct) =>
        db.IssueHashes.AsNoTracking().Where(h => h.ProjectId == projectId && h.Hash == hash).Select(h => (long?)h.IssueId).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Issues that lost or gained events get their counters rebuilt from their events; an issue left without events is
    /// merged into the issue they went to, so its fingerprints (the minified ones) and history follow them.
    /// </summary>
    private async Task<Dictionary<long, long>> RegroupAsync(List<(long From, long To)> moves, Actor actor, CancellationToken ct)
    {
        var merged = new Dictionary<long, long>();
        if (moves.Count == 0) return merged;
        var involved = moves.SelectMany(m => new[] { m.From, m.To }).Distinct().ToList();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // A rebuilt issue's first sighting may move, and its "new" hour in the analytics rollups with it.
            var rollups = new Analytics.RollupChanges();
            // The issues' rows first, as the digest and the merge take them, so rebuilt counts are not overwritten by a digest's.
            foreach (var issue in await merger.LockAsync(involved, ct))
            {
                rollups.AddNewIssue(issue.ProjectId, issue.FirstSeen, issue.FirstRelease, -1);
                await merger.RebuildAsync(issue, ct);
                rollups.AddNewIssue(issue.ProjectId, issue.FirstSeen, issue.FirstRelease);
            }
            await rollups.WriteAsync(db, dimensions, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var source in moves.Select(m => m.From).Distinct())
        {
            if (await db.Events.AnyAsync(e => e.IssueId == source, ct)) continue;
            // Moves are in newest-first order: the first is where the newest event went.
            var target = moves.First(m => m.From == source).To;
            while (merged.TryGetValue(target, out var next)) target = next;
            if (target == source || !await db.Issues.AnyAsync(i => i.Id == target, ct)) continue;
            if (await merger.MergeAsync([source, target], actor, ct) is not { Target: var kept }) continue;
            merged[kept.Id == source ? target : source] = kept.Id;
        }
        return merged;
    }

    /// <summary>An issue's title and culprit are its latest event's, as the digest keeps them; so are its traits for similar issues.</summary>
    private async Task RetitleAsync(IReadOnlyList<long> issueIds, CancellationToken ct)
    {
        foreach (var issueId in issueIds)
        {
            var payload = await db.Events.AsNoTracking().Where(e => e.IssueId == issueId)
                .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Select(e => e.Payload).FirstOrDefaultAsync(ct);
            if (payload is null) continue;
            NormalizedEvent latest;
            try
            {
                latest = EventJson.Decompress(payload);
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or JsonException)
            {
                continue;
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Issues.Where(i => i.Id == issueId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, latest.Title).SetProperty(i => i.Culprit, latest.Culprit), ct);
            var projectId = await db.Issues.Where(i => i.Id == issueId).Select(i => i.ProjectId).FirstAsync(ct);
            await BulkUpsert.ExecuteAsync(db, "INSERT INTO issue_features (issue_id, feature, project_id) VALUES",
                "ON CONFLICT (issue_id, feature) DO NOTHING", 3,
                SimilarityFeatures.Of(latest).Select(f => new object?[] { issueId, f, projectId }).ToList(), ct);
            await tx.CommitAsync(ct);
            await issueLists.ForgetAsync([projectId]);
        }
    }
}
