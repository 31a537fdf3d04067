using BugSage.Core.Configuration;
using BugSage.Core.Processing.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Reads the inbox in batches and digests each in its own scope and transaction; publishes
/// what changed only after the commit. Runs in the web process; tests may drive it with
/// <see cref="DrainAsync"/> instead.
/// </summary>
public sealed class DigestWorker(
    IServiceScopeFactory scopes,
    InboxLog inbox,
    NodeIdentity node,
    LiveNotifier notifier,
    TimeProvider clock,
    BugSageMetrics metrics,
    IOptions<DigestOptions> options,
    ILogger<DigestWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private InboxReader? reader;

    /// <summary>Digests everything durable right now; returns the number of records digested.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            reader ??= new InboxReader(inbox, logger) { Position = inbox.DigestStart };
            var total = 0;
            var next = ReadAndPrepareAsync(ct);
            while (await next is { } current)
            {
                // Prepare the next batch on the other cores while this one is written.
                next = Task.Run(() => ReadAndPrepareAsync(ct), ct);
                DigestResult result;
                var started = clock.GetTimestamp();
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    result = await scope.ServiceProvider.GetRequiredService<EnvelopeDigester>().WriteAsync(current, node.Id, ct);
                }
                catch
                {
                    // Nothing of this batch or the next was committed: read both again next time.
                    try { await next; } catch (Exception) { /* the write's error is the one to report */ }
                    reader.Position = current.Records[0].Position;
                    throw;
                }
                metrics.DigestBatches.Record(clock.GetElapsedTime(started).TotalSeconds);
                metrics.EventsDigested.Add(result.EventsStored);
                inbox.MarkDigested(current.Records[^1].Next, current.Records.Sum(r => r.Next.Offset - r.Position.Offset));
                total += current.Records.Count;
                await PublishAsync(result);
            }
            return total;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PreparedBatch?> ReadAndPrepareAsync(CancellationToken ct)
    {
        var records = reader!.ReadBatch(options.Value.BatchSize, 32L * 1024 * 1024);
        if (records.Count == 0) return null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<EnvelopeDigester>().PrepareAsync(records, ct);
        }
        catch
        {
            reader.Position = records[0].Position;
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await inbox.WaitForDataAfterAsync(reader?.Position ?? inbox.DigestStart, stoppingToken);
                await DrainAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The records stay in the inbox; retry with backoff (a database restart, a full disk).
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(failures, 9))));
                logger.LogError(e, "Digest failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, clock, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
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
