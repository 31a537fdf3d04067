using BugSage.Core.Data;
using BugSage.Core.Ingestion;
using BugSage.Core.Issues;
using BugSage.Core.Processing.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BugSage.Core.Configuration;

namespace BugSage.Core.Processing.Digest;

/// <summary>A batch read from the inbox and prepared, ready to be written.</summary>
public sealed class PreparedBatch
{
    internal PreparedBatch(IReadOnlyList<InboxRecord> records, DigestBatch[] parts, Dictionary<long, ProjectDigestSettings> projects)
    {
        Records = records;
        Parts = parts;
        Projects = projects;
    }

    public IReadOnlyList<InboxRecord> Records { get; }

    /// <summary>What each record holds, apart: a record found already digested (a queue's redelivery) is left out whole.</summary>
    internal DigestBatch[] Parts { get; }
    internal Dictionary<long, ProjectDigestSettings> Projects { get; }

    /// <summary>One batch of every part except the skipped ones; built afresh for each write, which changes it.</summary>
    internal DigestBatch Merge(IReadOnlySet<int> skipped)
    {
        var batch = new DigestBatch();
        for (var i = 0; i < Parts.Length; i++)
            if (!skipped.Contains(i)) batch.Merge(Parts[i]);
        return batch;
    }
}

/// <summary>
/// Digests a batch of inbox records in two phases. <see cref="PrepareAsync"/> is the CPU part,
/// spread over the cores: parse, scrub, normalize, fingerprint, compress. <see cref="WriteAsync"/>
/// is one transaction: drop duplicate events, group into issues, store events and attachments,
/// update counters, decide which alert rules fire (into the outbox), move the checkpoint. The worker overlaps one batch's write with the next
/// batch's preparation.
/// </summary>
public sealed class EnvelopeDigester(AppDbContext db, TimeProvider clock, Analytics.RollupDimensions dimensions, IOptions<EscalationOptions> escalation, IOptions<AlertOptions> alertOptions, Alerts.Firing.AlertEvaluator alerts, SourceMaps.SourceMapLookup sourceMaps, ILogger<EnvelopeDigester> logger)
{
    public async Task<PreparedBatch> PrepareAsync(IReadOnlyList<InboxRecord> records, string nodeId, CancellationToken ct)
    {
        var projects = await LoadProjectsAsync(records, ct);
        return new PreparedBatch(records, Collect(records, projects, nodeId), projects);
    }

    /// <summary>
    /// Sets one record aside with the reason, and moves the checkpoint past it, in one
    /// transaction: the records after it are digested, and a restart does not try it again.
    /// </summary>
    public async Task QuarantineAsync(InboxRecord record, string nodeId, string reason, bool moveCheckpoint, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A queue message quarantined before and delivered again is not set aside twice.
        var again = (await DigestedMessageLedger.RecordAsync(db, [record], clock.GetUtcNow().UtcDateTime, ct)).Count > 0;
        if (!again && await db.Projects.AnyAsync(p => p.Id == record.ProjectId, ct))
            db.QuarantinedEnvelopes.Add(Quarantined(record, nodeId, reason));
        if (moveCheckpoint) await MoveCheckpointAsync(nodeId, record.Next, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private Quarantine.QuarantinedEnvelope Quarantined(InboxRecord record, string nodeId, string reason) => new()
    {
        ProjectId = record.ProjectId,
        NodeId = nodeId,
        InboxPosition = $"{record.Position.Segment}:{record.Position.Offset}",
        Reason = reason.Truncate(2000),
        Envelope = record.Envelope.ToArray(),
        ReceivedAt = record.ReceivedAt,
        QuarantinedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <param name="moveCheckpoint">False for records from a queue that remembers them itself (acknowledged after this commit).</param>
    public async Task<DigestResult> WriteAsync(PreparedBatch prepared, string nodeId, bool moveCheckpoint, CancellationToken ct)
    {
        var records = prepared.Records;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // First: a message whose earlier digest committed (its acknowledgement lost) adds nothing, not even its attachments.
        var redelivered = await DigestedMessageLedger.RecordAsync(db, records, clock.GetUtcNow().UtcDateTime, ct);
        if (redelivered.Count > 0)
            logger.LogInformation("Skipped {Count} queue messages delivered again after their digest committed", redelivered.Count);
        var batch = prepared.Merge(redelivered);
        // Read inside the transaction: the next issue numbers may have moved since preparation.
        var projectIds = prepared.Projects.Keys.ToList();
        var projects = await db.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        batch.KeepOnly(projects.Keys);
        await EventIdLocks.TakeAsync(db, batch, ct);
        await DropDuplicateEventsAsync(batch, ct);
        var deltas = await IssueGrouper.AssignAsync(db, batch, projects, ct);
        foreach (var (issueId, count) in await AggregateWriter.CountUsersAsync(db, AggregateWriter.Pairs(batch), ct))
            deltas[issueId].NewUsers = count;
        // Releases first: whether an event reopens an issue can depend on when its release appeared.
        await AggregateWriter.InsertReleasesAsync(db, batch, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var trackerSyncs = await LifecycleStep.EvaluateAsync(db, batch, deltas.Values, alertOptions.Value, now, ct);
        // Summed before IssueWriter moves the issues' first sightings: the deltas still hold the rows as they were.
        var rollups = RollupStep.Sum(batch, deltas.Values, now);
        await IssueWriter.ApplyAsync(db, deltas.Values, ct);
        await EventWriter.InsertAsync(db, batch.Events, ct);
        await rollups.WriteAsync(db, dimensions, ct);
        await AggregateWriter.UpsertTagsAsync(db, AggregateWriter.Pairs(batch), ct);
        await AggregateWriter.CountHoursAsync(db, AggregateWriter.Pairs(batch), ct);
        var escalated = await EscalationStep.EvaluateAsync(db, deltas.Values, escalation.Value, clock.GetUtcNow().UtcDateTime, ct);
        // Last: frequency rules count this batch's events, and the firings commit with them.
        var deliveries = await alerts.FireAsync(db, batch, deltas.Values, escalated, projects, clock.GetUtcNow().UtcDateTime, ct);
        await AggregateWriter.UpsertOutcomesAsync(db, batch, ct);
        if (moveCheckpoint) await MoveCheckpointAsync(nodeId, records[^1].Next, ct);
        db.Attachments.AddRange(batch.Attachments);
        db.UserReports.AddRange(batch.UserReports);
        db.QuarantinedEnvelopes.AddRange(batch.Quarantined);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();

        static IssueChange Change(Issue i) => new(i.ProjectId, i.Id, i.Title);
        var touched = deltas.Values.Select(d => d.Issue).Where(i => !batch.NewIssues.Contains(i) && !batch.RegressedIssues.Contains(i));
        return new DigestResult(batch.Events.Count, batch.Quarantined.Count,
            batch.NewIssues.Select(Change).ToList(), batch.RegressedIssues.Select(Change).ToList(), touched.Select(Change).ToList(), deliveries, trackerSyncs);
    }

    /// <summary>The CPU-heavy part, spread over the cores; the database part stays on one connection.</summary>
    private DigestBatch[] Collect(IReadOnlyList<InboxRecord> records, Dictionary<long, ProjectDigestSettings> projects, string nodeId)
    {
        var parts = new DigestBatch[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var record = records[i];
            var part = parts[i] = new DigestBatch();
            if (!projects.TryGetValue(record.ProjectId, out var settings))
            {
                logger.LogWarning("Dropped an envelope for project {Project}, which no longer exists", record.ProjectId);
                return;
            }
            try
            {
                new ItemCollector(part, logger).Collect(EnvelopeParser.Parse(record.Envelope), record.ReceivedAt, settings);
            }
            catch (EnvelopeFormatException e)
            {
                logger.LogWarning("Dropped an unreadable envelope at {Position}: {Error}", record.Position, e.Message);
                part.Count(record.ProjectId, "server_discard", "envelope", "invalid");
            }
            catch (Exception e)
            {
                // No documented drop covers it: set it aside whole, so the batch (and the worker) go on.
                logger.LogError(e, "Quarantined the envelope at {Position} of project {Project}", record.Position, record.ProjectId);
                part = parts[i] = new DigestBatch();
                part.Quarantined.Add(Quarantined(record, nodeId, $"{e.GetType().Name} while preparing: {e.Message}"));
            }
        });
        return parts;
    }

    private async Task<Dictionary<long, ProjectDigestSettings>> LoadProjectsAsync(IReadOnlyList<InboxRecord> records, CancellationToken ct)
    {
        var ids = records.Select(r => r.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var withMaps = await SourceMaps.SourceMapLookup.ProjectsWithArtifactsAsync(db, ids, ct);
        return projects.ToDictionary(p => p.Id, p => new ProjectDigestSettings(p) { SourceMaps = withMaps.Contains(p.Id) ? sourceMaps : null });
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

    private Task MoveCheckpointAsync(string nodeId, InboxPosition next, CancellationToken ct) =>
        BulkUpsert.ExecuteAsync(db,
            "INSERT INTO inbox_checkpoints (node_id, segment, \"offset\", updated_at) VALUES",
            "ON CONFLICT (node_id) DO UPDATE SET segment = excluded.segment, \"offset\" = excluded.\"offset\", updated_at = excluded.updated_at",
            4, [[nodeId, next.Segment, next.Offset, clock.GetUtcNow().UtcDateTime]], ct);
}
