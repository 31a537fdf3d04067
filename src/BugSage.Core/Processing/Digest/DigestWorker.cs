using BugSage.Core.Configuration;
using System.Diagnostics;
using BugSage.Core.Data;
using BugSage.Core.Observability;
using BugSage.Core.Processing.Inbox;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Reads the inbox (or, in cluster mode, the RabbitMQ queue: <see cref="IEnvelopeQueue"/>) in batches and digests each in its own scope and transaction; publishes
/// what changed only after the commit. A batch that fails to write is digested again one
/// record at a time, so that a record no batch can hold (a poison record) is quarantined
/// with its reason while the ones around it are stored; a failure that is the database's
/// (it cannot be reached) leaves everything in the inbox for the next try. Runs in the web
/// process; tests may drive it with <see cref="DrainAsync"/> instead.
/// </summary>
public sealed class DigestWorker(
    WorkerServices services,
    IEnvelopeQueue queue,
    LiveNotifier notifier,
    Alerts.Delivery.DeliveryWorker deliveries,
    IssueTrackers.ExternalIssueSyncWorker trackerSync,
    AcceptedTraces accepted,
    Caching.IssueListChanges issueLists,
    DigestConnection connection,
    IOptions<DigestOptions> options,
    ILogger<DigestWorker> logger) : SupervisedWorker(services, logger, "digest")
{
    /// <summary>How often a lone record is tried before it is quarantined.</summary>
    private const int LoneRecordTries = 2;
    /// <summary>
    /// How often a batch or a lone record whose write lost a race with another writer (<see cref="Contention"/>: another
    /// node's digest, an issue delete) is tried before the failure counts: a batch then goes one record at a time, a
    /// lone record spends one of its <see cref="LoneRecordTries"/>. Without this, two nodes creating the same issue
    /// could quarantine acknowledged events that nothing is wrong with.
    /// </summary>
    private const int ContentionTries = 6;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IEnvelopeReader? reader;

    /// <summary>Digests everything durable right now; returns the number of records digested or quarantined.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            reader ??= await queue.OpenReaderAsync(ct);
            var total = 0;
            var contended = 0;
            var next = ReadAndPrepareAsync(options.Value.BatchSize, ct);
            while (await next is { } current)
            {
                // Prepare the next batch on the other cores while this one is written.
                next = Task.Run(() => ReadAndPrepareAsync(options.Value.BatchSize, ct), ct);
                try
                {
                    await WriteAsync(current, ct);
                    contended = 0;
                }
                // While the host stops, whatever fails (a cancelled query, a disposed service) is the stop, not the records:
                // they stay in the inbox, unquarantined, for the next start.
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Nothing of this batch or the next was committed: go back to this batch's first record.
                    try { await next; } catch (Exception) { /* the write's error is the one that matters */ }
                    reader.Position = current.Records[0].Position;
                    if (Contention.Is(e) && ++contended < ContentionTries)
                    {
                        await WaitOutContentionAsync(e, contended, ct);
                        next = ReadAndPrepareAsync(options.Value.BatchSize, ct);
                        continue;
                    }
                    contended = 0;
                    logger.LogWarning(e, "A digest batch of {Count} records failed; digesting them one at a time", current.Records.Count);
                    await DigestOneByOneAsync(current.Records.Count, ct);
                    next = ReadAndPrepareAsync(options.Value.BatchSize, ct);
                }
                total += current.Records.Count;
            }
            return total;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Digests the next <paramref name="count"/> records alone. A record that fails alone while the
    /// database answers is quarantined; when the database does not answer, the error stands and
    /// the records wait in the inbox.
    /// </summary>
    private async Task DigestOneByOneAsync(int count, CancellationToken ct)
    {
        for (var done = 0; done < count; done++)
        {
            for (int attempt = 1, contended = 0; ; attempt++)
            {
                var start = reader!.Position;
                PreparedBatch? lone = null;
                try
                {
                    lone = await ReadAndPrepareAsync(1, ct);
                    if (lone is null) return;
                    await WriteAsync(lone, ct);
                    break;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    reader.Position = start;
                    if (!await DatabaseAnswersAsync(ct)) throw;
                    if (Contention.Is(e) && ++contended < ContentionTries)
                    {
                        attempt--;
                        await WaitOutContentionAsync(e, contended, ct);
                        continue;
                    }
                    if (attempt < LoneRecordTries) continue;
                    var record = lone?.Records[0] ?? reader.ReadBatch(1, long.MaxValue).Single();
                    reader.Position = start;
                    await QuarantineAsync(record, e, ct);
                    break;
                }
            }
        }
    }

    private async Task QuarantineAsync(InboxRecord record, Exception error, CancellationToken ct)
    {
        logger.LogError(error, "Quarantined the envelope at {Segment}:{Offset} of project {Project}", record.Position.Segment, record.Position.Offset, record.ProjectId);
        await using (var scope = Services.Scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EnvelopeDigester>().QuarantineAsync(record, Services.Node.Id, $"{error.GetType().Name} while storing: {Innermost(error).Message}", reader!.KeepsCheckpoint, ct);
        Services.Metrics.EnvelopesQuarantined.Add(1);
        await reader.MarkDigestedAsync([record]);
        reader!.Position = record.Next;
    }

    private async Task WaitOutContentionAsync(Exception error, int retry, CancellationToken ct)
    {
        logger.LogInformation("A digest write lost a race with another writer ({Reason}); trying it again (retry {Retry})", Innermost(error).Message, retry);
        Services.Metrics.DigestContentionRetries.Add(1);
        await Task.Delay(Contention.Backoff(retry), ct);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private async Task<bool> DatabaseAnswersAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = Services.Scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.CanConnectAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WriteAsync(PreparedBatch batch, CancellationToken ct)
    {
        // A batch holds envelopes from many requests: it is its own trace, linked to each span that accepted one.
        using var span = BugSageTracing.Digest.StartActivity(ActivityKind.Internal, parentContext: default,
            links: accepted.TakeLinks(batch.Records), name: "digest batch");
        span?.SetTag("bugsage.digest.envelopes", batch.Records.Count);
        var started = Clock.GetTimestamp();
        DigestResult result;
        try
        {
            await using (var scope = Services.Scopes.CreateAsyncScope())
            {
                connection.Use(scope.ServiceProvider.GetRequiredService<AppDbContext>());
                result = await scope.ServiceProvider.GetRequiredService<EnvelopeDigester>().WriteAsync(batch, Services.Node.Id, reader!.KeepsCheckpoint, ct);
            }
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        Services.Metrics.DigestBatches.Record(Clock.GetElapsedTime(started).TotalSeconds);
        Services.Metrics.DigestBatchSizes.Record(batch.Records.Count);
        Services.Metrics.EventsDigested.Add(result.EventsStored);
        if (result.Quarantined > 0) Services.Metrics.EnvelopesQuarantined.Add(result.Quarantined);
        span?.SetTag("bugsage.digest.events_stored", result.EventsStored);
        // Only now may the records go: the local inbox forgets them, the queue gets its acknowledgement.
        await reader!.MarkDigestedAsync(batch.Records);
        using var notify = BugSageTracing.Alerts.StartActivity("digest notify");
        notify?.SetTag("bugsage.alerts.deliveries_queued", result.DeliveriesQueued);
        notify?.SetTag("bugsage.issues.new", result.NewIssues.Count);
        notify?.SetTag("bugsage.issues.regressed", result.RegressedIssues.Count);
        // Committed: the outbox may send now rather than at its next poll.
        if (result.DeliveriesQueued > 0) deliveries.Wake();
        if (result.TrackerSyncsQueued > 0) trackerSync.Wake();
        // Once per batch and project, not per event: the lists' first pages are read again on their next request.
        await issueLists.ForgetAsync(result.NewIssues.Concat(result.RegressedIssues).Concat(result.UpdatedIssues).Select(i => i.ProjectId));
        await PublishAsync(result);
    }

    private async Task<PreparedBatch?> ReadAndPrepareAsync(int maxRecords, CancellationToken ct)
    {
        var records = reader!.ReadBatch(maxRecords, options.Value.MaxBatchBytes);
        if (records.Count == 0) return null;
        try
        {
            await using var scope = Services.Scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<EnvelopeDigester>().PrepareAsync(records, Services.Node.Id, ct);
        }
        catch
        {
            reader.Position = records[0].Position;
            throw;
        }
    }

    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A failure here (the database down, a full disk) leaves the records in the inbox; the supervisor retries with backoff.
            reader ??= await queue.OpenReaderAsync(stoppingToken);
            await reader.WaitForDataAsync(stoppingToken);
            await DrainAsync(stoppingToken);
            ReportProgress();
        }
    }

    private async Task PublishAsync(DigestResult result)
    {
        foreach (var i in result.NewIssues) await notifier.PublishAsync(new LiveEvent("issue.created", i.ProjectId, i.IssueId, i.Title));
        foreach (var i in result.RegressedIssues) await notifier.PublishAsync(new LiveEvent("issue.regressed", i.ProjectId, i.IssueId, i.Title));
        foreach (var i in result.UpdatedIssues) await notifier.PublishAsync(new LiveEvent("issue.updated", i.ProjectId, i.IssueId, i.Title));
    }

    public override void Dispose()
    {
        reader?.Dispose();
        gate.Dispose();
        base.Dispose();
    }
}
