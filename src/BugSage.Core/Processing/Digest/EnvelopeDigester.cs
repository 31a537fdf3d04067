using BugSage.Core.Data;
using BugSage.Core.Ingestion;
using BugSage.Core.Processing.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Digests a batch of inbox records in one transaction: collect items, drop duplicate events,
/// group into issues, store events and attachments, update counters, move the checkpoint.
/// </summary>
public sealed class EnvelopeDigester(AppDbContext db, TimeProvider clock, ILogger<EnvelopeDigester> logger)
{
    public async Task<DigestResult> DigestAsync(IReadOnlyList<InboxRecord> records, string nodeId, CancellationToken ct)
    {
        var projects = await LoadProjectsAsync(records, ct);
        var batch = new DigestBatch();
        var collector = new ItemCollector(batch, logger);
        foreach (var record in records)
        {
            if (!projects.TryGetValue(record.ProjectId, out var settings))
            {
                logger.LogWarning("Dropped an envelope for project {Project}, which no longer exists", record.ProjectId);
                continue;
            }
            try
            {
                collector.Collect(EnvelopeParser.Parse(record.Envelope), record.ReceivedAt, settings);
            }
            catch (EnvelopeFormatException e)
            {
                logger.LogWarning("Dropped an unreadable envelope at {Position}: {Error}", record.Position, e.Message);
                batch.Count(record.ProjectId, "server_discard", "envelope", "invalid");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await DropDuplicateEventsAsync(batch, ct);
        await IssueGrouper.AssignAsync(db, batch, projects, ct);
        foreach (var prepared in batch.Events)
            db.Events.Add(prepared.ToStoredEvent());
        db.Attachments.AddRange(batch.Attachments);
        db.UserReports.AddRange(batch.UserReports);
        await AggregateWriter.CountUsersAsync(db, batch, ct);
        await AggregateWriter.UpsertTagsAsync(db, batch, ct);
        await AggregateWriter.InsertReleasesAsync(db, batch, ct);
        await AggregateWriter.UpsertOutcomesAsync(db, batch, ct);
        await MoveCheckpointAsync(nodeId, records[^1].Next, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();

        static IssueChange Change(Issues.Issue i) => new(i.ProjectId, i.Id, i.Title);
        var touched = batch.Events.Select(e => e.Issue!).Distinct()
            .Where(i => !batch.NewIssues.Contains(i) && !batch.RegressedIssues.Contains(i));
        return new DigestResult(records.Count, batch.Events.Count,
            batch.NewIssues.Select(Change).ToList(), batch.RegressedIssues.Select(Change).ToList(), touched.Select(Change).ToList());
    }

    private async Task<Dictionary<long, ProjectDigestSettings>> LoadProjectsAsync(IReadOnlyList<InboxRecord> records, CancellationToken ct)
    {
        var ids = records.Select(r => r.ProjectId).Distinct().ToList();
        var projects = await db.Projects.Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return projects.ToDictionary(p => p.Id, p => new ProjectDigestSettings(p));
    }

    /// <summary>SDKs retry; an event id already stored (or twice in this batch) is stored once.</summary>
    private async Task DropDuplicateEventsAsync(DigestBatch batch, CancellationToken ct)
    {
        if (batch.Events.Count == 0) return;
        var ids = batch.Events.Select(e => e.Event.EventId).Distinct().ToList();
        var projectIds = batch.Events.Select(e => e.ProjectId).Distinct().ToList();
        var stored = (await db.Events.AsNoTracking()
                .Where(e => projectIds.Contains(e.ProjectId) && ids.Contains(e.EventId))
                .Select(e => new { e.ProjectId, e.EventId })
                .ToListAsync(ct))
            .Select(e => (e.ProjectId, e.EventId))
            .ToHashSet();
        var seen = new HashSet<(long, string)>();
        batch.Events.RemoveAll(e =>
        {
            var key = (e.ProjectId, e.Event.EventId);
            if (!stored.Contains(key) && seen.Add(key)) return false;
            batch.Count(e.ProjectId, "server_discard", "error", "duplicate");
            return true;
        });
    }

    private async Task MoveCheckpointAsync(string nodeId, InboxPosition next, CancellationToken ct)
    {
        var checkpoint = await db.InboxCheckpoints.FindAsync([nodeId], ct);
        if (checkpoint is null)
        {
            checkpoint = new InboxCheckpoint { NodeId = nodeId };
            db.InboxCheckpoints.Add(checkpoint);
        }
        checkpoint.Segment = next.Segment;
        checkpoint.Offset = next.Offset;
        checkpoint.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }
}
