using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Puts each event of a batch into its issue: finds the issue by fingerprint hash, creates it
/// when the hash is new, updates its aggregates and reopens it as regressed when an event
/// arrives after it was resolved.
/// </summary>
internal static class IssueGrouper
{
    public static async Task AssignAsync(AppDbContext db, DigestBatch batch, IReadOnlyDictionary<long, ProjectDigestSettings> projects, CancellationToken ct)
    {
        if (batch.Events.Count == 0) return;
        var projectIds = batch.Events.Select(e => e.ProjectId).Distinct().ToList();
        var hashValues = batch.Events.Select(e => e.Grouping.Hash).Distinct().ToList();
        var known = await db.IssueHashes.AsNoTracking()
            .Where(h => projectIds.Contains(h.ProjectId) && hashValues.Contains(h.Hash))
            .Select(h => new { h.ProjectId, h.Hash, h.IssueId })
            .ToListAsync(ct);
        var issueIds = known.Select(h => h.IssueId).Distinct().ToList();
        var issuesById = await db.Issues.Where(i => issueIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var byHash = known.ToDictionary(h => (h.ProjectId, h.Hash), h => issuesById[h.IssueId]);

        var newHashes = new List<(Issue Issue, PreparedEvent First)>();
        foreach (var prepared in batch.Events.OrderBy(e => e.Event.Timestamp))
        {
            var key = (prepared.ProjectId, prepared.Grouping.Hash);
            if (!byHash.TryGetValue(key, out var issue))
            {
                issue = NewIssue(prepared, projects[prepared.ProjectId]);
                db.Issues.Add(issue);
                byHash[key] = issue;
                batch.NewIssues.Add(issue);
                newHashes.Add((issue, prepared));
            }
            prepared.Issue = issue;
            Apply(issue, prepared, batch);
        }

        // New issues need their ids before their hashes and events can point at them.
        await db.SaveChangesAsync(ct);
        foreach (var (issue, first) in newHashes)
        {
            db.IssueHashes.Add(new IssueHash
            {
                ProjectId = issue.ProjectId,
                Hash = first.Grouping.Hash,
                IssueId = issue.Id,
                Components = JsonSerializer.Serialize(first.Grouping, GroupingJson.Options),
            });
        }
    }

    private static Issue NewIssue(PreparedEvent prepared, ProjectDigestSettings settings)
    {
        var evt = prepared.Event;
        return new Issue
        {
            ProjectId = prepared.ProjectId,
            ShortNumber = settings.Project.NextIssueNumber++,
            Title = evt.Title,
            Culprit = evt.Culprit,
            Level = evt.Level,
            Platform = evt.Platform,
            FirstSeen = evt.Timestamp,
            LastSeen = evt.Timestamp,
            FirstRelease = evt.Release,
            LastRelease = evt.Release,
        };
    }

    private static void Apply(Issue issue, PreparedEvent prepared, DigestBatch batch)
    {
        var evt = prepared.Event;
        issue.Count++;
        if (evt.Timestamp < issue.FirstSeen) issue.FirstSeen = evt.Timestamp;
        if (evt.Timestamp >= issue.LastSeen)
        {
            issue.LastSeen = evt.Timestamp;
            issue.Title = evt.Title;
            issue.Culprit = evt.Culprit;
            issue.Level = evt.Level;
            if (evt.Release is not null) issue.LastRelease = evt.Release;
        }
        issue.FirstRelease ??= evt.Release;

        // Only an event that happened after the resolution proves the fix did not hold.
        if (issue.Status == IssueStatus.Resolved && (issue.ResolvedAt is null || evt.Timestamp > issue.ResolvedAt))
        {
            issue.Status = IssueStatus.Unresolved;
            issue.Substatus = IssueSubstatus.Regressed;
            issue.ResolvedAt = null;
            if (!batch.RegressedIssues.Contains(issue)) batch.RegressedIssues.Add(issue);
        }
    }
}
