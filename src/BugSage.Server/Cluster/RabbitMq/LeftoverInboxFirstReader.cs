using BugSage.Core.Processing.Inbox;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// The digest's reader on a node switched to RabbitMQ whose own disk inbox still holds envelopes it acknowledged while it
/// ran without RabbitMQ. It hands out that leftover first, as the local inbox always did, and only once every leftover
/// record is digested does it start consuming the queue.
/// </summary>
/// <remarks>
/// Why digest the leftover here rather than publish it to the queue and delete the files: the digest's transaction moves
/// this node's inbox checkpoint past the records it stored (<see cref="KeepsCheckpoint"/> is true meanwhile), so a crash
/// at any moment leaves each record either committed and behind the checkpoint or uncommitted and read again at the next
/// start: exactly once, by the mechanism a single process relies on. Publishing has a window between the broker's confirm
/// and the files' deletion (or a checkpoint write) in which a crash publishes the same envelopes again at the next start;
/// the digest drops a repeated event id, but not everything an envelope carries has one (client reports and counted-only
/// items such as sessions and transactions add to outcome counters), so those would be counted twice.
/// The queue is not consumed meanwhile: a prefetched message this node could not digest yet would be one no other node
/// could take either.
/// </remarks>
internal sealed class LeftoverInboxFirstReader(IEnvelopeReader leftover, InboxLog inbox, Func<CancellationToken, Task<IEnvelopeReader>> openQueue, ILogger log)
    : IEnvelopeReader
{
    private readonly Lock gate = new();
    private IEnvelopeReader? queue;
    private Task<IEnvelopeReader>? opening;
    // The end of the furthest leftover record handed out, and of the last one digested: equal when none is outstanding.
    private InboxPosition handedOut;
    private InboxPosition digested;

    public InboxPosition Position
    {
        get { lock (gate) return queue?.Position ?? leftover.Position; }
        set { lock (gate) (queue ?? leftover).Position = value; }
    }

    public bool KeepsCheckpoint
    {
        get { lock (gate) return queue is null; }
    }

    public List<InboxRecord> ReadBatch(int maxRecords, long maxBytes)
    {
        lock (gate)
        {
            if (queue is null && opening is { IsCompletedSuccessfully: true }) queue = opening.Result;
            if (opening is { IsFaulted: true })
            {
                log.LogWarning(opening.Exception, "Could not start consuming the RabbitMQ queue; trying again");
                opening = null;
            }
            if (queue is not null) return queue.ReadBatch(maxRecords, maxBytes);
            var records = leftover.ReadBatch(maxRecords, maxBytes);
            if (records.Count > 0)
            {
                if (records[^1].Next > handedOut) handedOut = records[^1].Next;
                return records;
            }
            // Started here too, not only in WaitForDataAsync, for callers that drain without waiting (tests): the records
            // the queue delivers meanwhile are read by a later call.
            StartQueueIfLeftoverDone();
            return records;
        }
    }

    public async Task WaitForDataAsync(CancellationToken ct)
    {
        Task<IEnvelopeReader>? starting;
        lock (gate)
        {
            if (queue is null && !StartQueueIfLeftoverDone()) starting = null;
            else starting = opening;
        }
        if (starting is null)
        {
            await leftover.WaitForDataAsync(ct);
            return;
        }
        IEnvelopeReader opened;
        try
        {
            opened = await starting.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // RabbitMQ away: the next wait tries again (the digest's supervisor backs off in between).
            lock (gate) if (opening == starting) opening = null;
            throw;
        }
        lock (gate) queue ??= opened;
        await opened.WaitForDataAsync(ct);
    }

    public async Task MarkDigestedAsync(IReadOnlyList<InboxRecord> records)
    {
        IEnvelopeReader? target;
        lock (gate) target = queue;
        if (target is not null)
        {
            await target.MarkDigestedAsync(records);
            return;
        }
        await leftover.MarkDigestedAsync(records);
        lock (gate)
        {
            if (records[^1].Next > digested) digested = records[^1].Next;
            StartQueueIfLeftoverDone();
        }
    }

    /// <summary>
    /// True once the queue is being opened: the leftover reader has reached the end of the inbox (nothing appends to it in
    /// RabbitMQ mode) and every record it handed out is digested, so no leftover batch can be written after the switch.
    /// </summary>
    private bool StartQueueIfLeftoverDone()
    {
        if (opening is not null) return true;
        if (leftover.Position < inbox.DurablePosition || digested < handedOut) return false;
        log.LogInformation("This node's leftover inbox is digested; the digest now consumes the RabbitMQ queue");
        opening = openQueue(CancellationToken.None);
        return true;
    }

    public void Dispose()
    {
        leftover.Dispose();
        Task<IEnvelopeReader>? started;
        lock (gate) started = opening;
        if (queue is not null) queue.Dispose();
        // Opened after the digest stopped waiting: closed as soon as it is, so the channel does not hold messages.
        else started?.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }
}
