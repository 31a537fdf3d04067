using System.Globalization;
using System.Threading.Channels;
using BugSage.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// The durable inbox: an append-only log of accepted envelopes in segment files. Appends from
/// many requests are written together and made durable with one fsync (group commit); an
/// append completes only once its bytes are on disk, so an acknowledged envelope survives
/// <c>kill -9</c>. The digest worker reads it back with <see cref="InboxReader"/>.
/// </summary>
public sealed class InboxLog : IAsyncDisposable
{
    private const string Extension = ".seg";
    private const int MaxBatchRecords = 4096;
    private const long MaxBatchBytes = 16 * 1024 * 1024;

    private readonly long segmentBytes;
    private readonly ILogger<InboxLog> logger;
    private readonly Channel<PendingAppend> queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DurableSignal signal = new();
    private readonly Lock startLock = new();
    private Task? writerLoop;
    private FileStream? active;
    private long activeSegment;
    private long activeLength;
    // A 16-byte struct cannot be written atomically; readers see a whole immutable box instead.
    private StrongBox durableBox = new(default);
    private long backlogBytes;

    public InboxLog(IOptions<BugSageOptions> options, IOptions<IngestionOptions> ingestion, BugSageMetrics metrics, ILogger<InboxLog> logger)
    {
        Directory = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "inbox");
        segmentBytes = ingestion.Value.InboxSegmentBytes;
        this.logger = logger;
        metrics.ObserveGauge("bugsage_inbox_backlog_bytes", () => BacklogBytes, "Acknowledged envelope bytes not yet digested.");
    }

    public string Directory { get; }

    /// <summary>The end of what is on disk; records before it may be read.</summary>
    public InboxPosition DurablePosition => Volatile.Read(ref durableBox).Value;

    /// <summary>Bytes acknowledged but not yet digested.</summary>
    public long BacklogBytes => Interlocked.Read(ref backlogBytes);

    public long ActiveSegment => Volatile.Read(ref activeSegment);

    /// <summary>Where digestion resumes: the checkpoint this node had committed when the inbox started.</summary>
    public InboxPosition DigestStart { get; private set; }

    /// <summary>Opens a fresh segment after whatever a previous run left behind, and starts the writer.</summary>
    public void Start(InboxPosition digested)
    {
        lock (startLock)
        {
            if (writerLoop is not null) return;
            System.IO.Directory.CreateDirectory(Directory);
            DigestStart = digested;
            var existing = Segments();
            backlogBytes = existing.Where(s => s >= digested.Segment)
                .Sum(s => new FileInfo(SegmentPath(s)).Length - (s == digested.Segment ? digested.Offset : 0));
            if (backlogBytes < 0) backlogBytes = 0;
            activeSegment = Math.Max(existing.Count > 0 ? existing[^1] + 1 : 1, digested.Segment + 1);
            OpenActive();
            PublishDurable(new InboxPosition(activeSegment, 0));
            writerLoop = Task.Run(WriteLoopAsync);
            logger.LogInformation("Inbox at {Directory}: segment {Segment}, {Backlog} bytes to digest", Directory, activeSegment, backlogBytes);
        }
    }

    /// <summary>Appends an envelope; completes when it is durable, with the record's position.</summary>
    public Task<InboxPosition> AppendAsync(long projectId, DateTime receivedAt, ReadOnlyMemory<byte> envelope)
    {
        if (writerLoop is null) throw new InvalidOperationException("The inbox is not started.");
        var pending = new PendingAppend(projectId, receivedAt, envelope);
        if (!queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The inbox is shutting down.");
        return pending.Completion.Task;
    }

    /// <summary>Completes when data past <paramref name="position"/> is durable (or at once if it already is).</summary>
    public Task WaitForDataAfterAsync(InboxPosition position, CancellationToken cancellationToken)
    {
        var wait = signal.WaitAsync();
        return DurablePosition > position ? Task.CompletedTask : wait.WaitAsync(cancellationToken);
    }

    /// <summary>Called after a digest commit: shrinks the backlog and deletes fully digested segments.</summary>
    public void MarkDigested(InboxPosition upTo, long bytes)
    {
        Interlocked.Add(ref backlogBytes, -bytes);
        foreach (var segment in Segments())
        {
            if (segment >= upTo.Segment || segment >= ActiveSegment) break;
            try { File.Delete(SegmentPath(segment)); }
            catch (IOException e) { logger.LogWarning(e, "Could not delete digested inbox segment {Segment}", segment); }
        }
    }

    public List<long> Segments()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var list = new List<long>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) list.Add(n);
        list.Sort();
        return list;
    }

    public string SegmentPath(long segment) => Path.Combine(Directory, segment.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    private void OpenActive()
    {
        active = new FileStream(SegmentPath(activeSegment), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1 << 20);
        activeLength = 0;
        DirectorySync.Flush(Directory);
    }

    private void PublishDurable(InboxPosition position)
    {
        Volatile.Write(ref durableBox, new StrongBox(position));
        signal.Pulse();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(256);
        var prefix = new byte[InboxRecordFormat.HeaderSize + InboxRecordFormat.MetaSize];
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            long bytes = 0;
            while (batch.Count < MaxBatchRecords && bytes < MaxBatchBytes && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                bytes += InboxRecordFormat.SizeOf(next.Envelope.Length);
            }
            try
            {
                if (active is null) OpenActive();
                else if (activeLength > 0 && activeLength + bytes > segmentBytes) Roll();
                var positions = new InboxPosition[batch.Count];
                var offset = activeLength;
                for (var i = 0; i < batch.Count; i++)
                {
                    var p = batch[i];
                    InboxRecordFormat.WritePrefix(prefix, p.ProjectId, p.ReceivedAt, p.Envelope.Span);
                    active!.Write(prefix);
                    active.Write(p.Envelope.Span);
                    positions[i] = new InboxPosition(activeSegment, offset);
                    offset += InboxRecordFormat.SizeOf(p.Envelope.Length);
                }
                active!.Flush(flushToDisk: true);
                activeLength = offset;
                Interlocked.Add(ref backlogBytes, bytes);
                PublishDurable(new InboxPosition(activeSegment, activeLength));
                for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(positions[i]);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Inbox write failed; {Count} envelopes were not acknowledged", batch.Count);
                foreach (var p in batch) p.Completion.TrySetException(e);
                RecoverAfterFailedWrite();
            }
        }
    }

    /// <summary>Drops a partial write so later records do not follow garbage; failing that, starts a new segment.</summary>
    private void RecoverAfterFailedWrite()
    {
        // Opening a segment failed (the disk is full, the directory gone): the next batch tries again.
        if (active is null) return;
        try
        {
            active!.SetLength(activeLength);
            active.Position = activeLength;
        }
        catch (IOException)
        {
            try { Roll(); }
            catch (IOException e) { logger.LogCritical(e, "Inbox cannot open a new segment"); }
        }
    }

    private void Roll()
    {
        active!.Flush(flushToDisk: true);
        active.Dispose();
        active = null;
        activeSegment++;
        OpenActive();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writerLoop is not null) await writerLoop.ConfigureAwait(false);
        if (active is not null) await active.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record PendingAppend(long ProjectId, DateTime ReceivedAt, ReadOnlyMemory<byte> Envelope)
    {
        public TaskCompletionSource<InboxPosition> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record StrongBox(InboxPosition Value);
}
