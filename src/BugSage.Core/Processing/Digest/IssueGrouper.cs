using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Puts each event of a batch into its issue: finds the issue by fingerprint hash, creates it
/// when the hash is new, and sums up what the batch adds to each issue.
/// </summary>
internal static class IssueGrouper
{
    public static async Task<Dictionary<long, IssueDelta>> AssignAsync(AppDbContext db, DigestBatch batch, IReadOnlyDictionary<long, Project> projects, CancellationToken ct)
    {
        var deltas = new Dictionary<long, IssueDelta>();
        if (batch.Events.Count == 0) return deltas;
        var projectIds = batch.Events.Select(e => e.ProjectId).Distinct().ToList();
        var hashValues = batch.Events.Select(e => e.Grouping.Hash).Distinct().ToList();
        var known = await KnownAsync(db, projectIds, hashValues, ct);
        if (db.Database.IsNpgsql())
        {
            // The batch's issues are taken in id order before anything of theirs is written (IssueLocks). A merge, unmerge
            // or delete may have moved or removed these fingerprints while this waited, so they are read again, and what
            // they now point at (a merge's target, a split-out issue) is taken too, until they point nowhere new.
            var locked = new HashSet<long>();
            for (var round = 0; round < 3; round++)
            {
                var wanted = known.Select(h => h.IssueId).Where(id => !locked.Contains(id)).ToHashSet();
                if (wanted.Count == 0) break;
                await IssueLocks.ForChangeAsync(db, wanted, ct);
                locked.UnionWith(wanted);
                known = await KnownAsync(db, projectIds, hashValues, ct);
            }
        }
        // A fingerprint that points nowhere is new, or lost its issue to a delete (long ago, or while this waited), which may
        // have discarded it: its events are dropped, not grouped into a new issue the person had asked never to see again.
        // Only then are discards read: a batch of known fingerprints, the common case, reads none.
        var found = known.Select(h => (h.ProjectId, h.Hash)).ToHashSet();
        if (batch.Events.Any(e => !found.Contains((e.ProjectId, e.Grouping.Hash)))) await DiscardedEvents.DropAsync(db, batch, ct);
        var issueIds = known.Select(h => h.IssueId).Distinct().ToList();
        var issuesById = await db.Issues.AsNoTracking().Where(i => issueIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var byHash = known.ToDictionary(h => (h.ProjectId, h.Hash), h => issuesById[h.IssueId]);

        var created = new List<(Issue Issue, PreparedEvent First)>();
        var fresh = batch.Events.Select(e => (e.ProjectId, e.Grouping.Hash)).Distinct().Where(k => !byHash.ContainsKey(k)).CountBy(k => k.ProjectId).ToDictionary();
        var numbers = await IssueFactory.ReserveAsync(db, fresh, ct);
        foreach (var prepared in batch.Events)
        {
            var key = (prepared.ProjectId, prepared.Grouping.Hash);
            if (!byHash.TryGetValue(key, out var issue))
            {
                issue = NewIssue(numbers, prepared, projects[prepared.ProjectId]);
                byHash[key] = issue;
                created.Add((issue, prepared));
            }
            prepared.Issue = issue;
        }

        if (created.Count > 0)
        {
            // New issues need their ids before their hashes, events and counters can point at them.
            db.Issues.AddRange(created.Select(c => c.Issue));
            await db.SaveChangesAsync(ct);
            db.IssueHashes.AddRange(created.Select(c => new IssueHash
            {
                ProjectId = c.Issue.ProjectId,
                Hash = c.First.Grouping.Hash,
                IssueId = c.Issue.Id,
                Components = JsonSerializer.Serialize(c.First.Grouping, GroupingJson.Options),
            }));
            await db.SaveChangesAsync(ct);
            await BulkUpsert.ExecuteAsync(db, "INSERT INTO issue_features (issue_id, feature, project_id) VALUES",
                "ON CONFLICT (issue_id, feature) DO NOTHING", 3,
                created.SelectMany(c => SimilarityFeatures.Of(c.First.Event).Select(f => new object?[] { c.Issue.Id, f, c.Issue.ProjectId })).ToList(), ct);
            batch.NewIssues.AddRange(created.Select(c => c.Issue));
        }

        foreach (var prepared in batch.Events)
        {
            var issue = prepared.Issue!;
            if (!deltas.TryGetValue(issue.Id, out var delta)) deltas[issue.Id] = delta = new IssueDelta(issue);
            delta.Add(prepared);
        }
        return deltas;
    }

    private sealed record Known(long ProjectId, string Hash, long IssueId);

    private static Task<List<Known>> KnownAsync(AppDbContext db, List<long> projectIds, List<string> hashValues, CancellationToken ct) =>
        db.IssueHashes.AsNoTracking()
            .Where(h => projectIds.Contains(h.ProjectId) && hashValues.Contains(h.Hash))
            .Select(h => new Known(h.ProjectId, h.Hash, h.IssueId))
            .ToListAsync(ct);

    /// <summary>A new issue starts empty; the batch's counts are applied like any other issue's.</summary>
    private static Issue NewIssue(IssueNumbers numbers, PreparedEvent prepared, Project project)
    {
        var evt = prepared.Event;
        return IssueFactory.Open(numbers, project, evt.Title, evt.Culprit, evt.Level, evt.Platform, evt.Timestamp, evt.Timestamp, evt.Release);
    }
}
