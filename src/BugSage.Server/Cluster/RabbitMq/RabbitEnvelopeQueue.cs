using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using BugSage.Core.Configuration;
using BugSage.Core.Ingestion;
using BugSage.Core.Processing.Inbox;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// Cluster mode's <see cref="IEnvelopeQueue"/>: accepted envelopes go to one RabbitMQ quorum queue that the digest of every
/// node consumes, so an envelope acknowledged by a node that then dies for good is digested by another. Appends from many
/// requests are published together and wait for the broker's confirms as one (group commit, as the disk inbox's fsync):
/// an append completes only once RabbitMQ has confirmed it.
/// </summary>
internal sealed partial class RabbitEnvelopeQueue(RabbitMqConnection rabbit, ClusterOptions cluster, IOptions<DigestOptions> digest,
    LocalInboxQueue localInbox, InboxLog inbox, ILogger<RabbitEnvelopeQueue> log) : IEnvelopeQueue, IHostedService, IAsyncDisposable
{
    /// <summary>Project id and received-at ticks ahead of the envelope bytes, as in the disk inbox's records.</summary>
    internal const int MetaSize = 16;
    private const int MaxBatch = 1024;

    /// <summary>How long a batch waits for its confirms before its requests are answered 503 (the SDKs send again).</summary>
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);
    // Both on the wall clock, not the injected one: they bound waits on a network peer, which a test's frozen clock must not stop.
    private static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<Pending> pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private IChannel? publisher;
    private Task? publishLoop;
    private Task? depthLoop;
    private long depth;
    private long maxMessageBytes = cluster.RabbitMqMaxMessageBytes;

    /// <summary>Messages ready in the queue at the last look (once a second).</summary>
    public long Depth => Interlocked.Read(ref depth);

    public bool IsOverBacklogBound => Depth > cluster.RabbitMqMaxQueueDepth;

    /// <summary>
    /// The broker's message size limit less this queue's header: the configured one, or lower once the broker refused a
    /// message and named its own (AMQP offers no way to ask for it beforehand).
    /// </summary>
    public long MaxEnvelopeBytes => Interlocked.Read(ref maxMessageBytes) - MetaSize;

    /// <summary>The start check: a node that cannot reach RabbitMQ (or declare its queue) does not start.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await rabbit.ConnectAsync(cancellationToken);
        await ReadDepthAsync(cancellationToken);
        log.LogInformation("Ingestion through RabbitMQ at {Address}, queue '{Queue}' ({Depth} messages waiting)", rabbit.Address, rabbit.Queue, Depth);
        publishLoop = Task.Run(PublishLoopAsync, CancellationToken.None);
        depthLoop = Task.Run(DepthLoopAsync, CancellationToken.None);
    }

    public async Task<string> AppendAsync(long projectId, DateTime receivedAt, ReadOnlyMemory<byte> envelope)
    {
        if (publishLoop is null) throw new IOException("The RabbitMQ publisher is not started.");
        if (envelope.Length > MaxEnvelopeBytes)
            throw new PayloadTooLargeException($"envelope is {envelope.Length} bytes; RabbitMQ takes messages of at most {MaxEnvelopeBytes + MetaSize} bytes with the {MetaSize}-byte header");
        var body = new byte[MetaSize + envelope.Length];
        BinaryPrimitives.WriteInt64LittleEndian(body, projectId);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), receivedAt.Ticks);
        envelope.Span.CopyTo(body.AsSpan(MetaSize));
        var append = new Pending(body);
        if (!pending.Writer.TryWrite(append)) throw new IOException("The RabbitMQ publisher is shutting down.");
        await append.Confirmed.Task;
        return "rabbitmq:" + rabbit.Queue;
    }

    /// <summary>
    /// Opened after the inbox started. A node that ran without RabbitMQ may have acknowledged envelopes into its own inbox
    /// and not digested them: those are digested first (<see cref="LeftoverInboxFirstReader"/>), then the queue.
    /// </summary>
    public async Task<IEnvelopeReader> OpenReaderAsync(CancellationToken ct)
    {
        if (inbox.BacklogBytes == 0) return await OpenQueueReaderAsync(ct);
        log.LogWarning("This node's inbox holds {Bytes} bytes of envelopes acknowledged before it used RabbitMQ: digesting them before consuming the queue", inbox.BacklogBytes);
        return new LeftoverInboxFirstReader(await localInbox.OpenReaderAsync(ct), inbox, OpenQueueReaderAsync, log);
    }

    private async Task<IEnvelopeReader> OpenQueueReaderAsync(CancellationToken ct)
    {
        var reader = new RabbitEnvelopeReader(log);
        // One batch in flight per node, as the digest takes it: a message this node holds is one no other node can digest meanwhile.
        await reader.StartAsync(await rabbit.ConnectAsync(ct), rabbit.Queue, (ushort)Math.Clamp(digest.Value.BatchSize, 1, ushort.MaxValue), ct);
        return reader;
    }

    private async Task PublishLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                var channel = publisher ??= await (await rabbit.ConnectAsync(stopping.Token)).CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
                // Every publish is sent before any confirm is awaited: the broker confirms them together, one wait for the batch.
                var confirms = batch.Select(p => channel.BasicPublishAsync("", rabbit.Queue, mandatory: true, p.Properties, p.Body).AsTask()).ToArray();
                await Task.WhenAny(Task.WhenAll(confirms), Task.Delay(ConfirmTimeout));
                var refusedSize = confirms.Any(c => !c.IsCompletedSuccessfully) ? LearnSizeLimit(channel, confirms) : null;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (confirms[i].IsCompletedSuccessfully) batch[i].Confirmed.TrySetResult();
                    else if (batch[i].Body.Length > refusedSize)
                        batch[i].Confirmed.TrySetException(new PayloadTooLargeException($"envelope is {batch[i].Body.Length - MetaSize} bytes; RabbitMQ refused it: its max_message_size is {refusedSize} bytes"));
                    else batch[i].Confirmed.TrySetException(new IOException("RabbitMQ did not confirm the envelope", confirms[i].Exception?.InnerException));
                }
                if (confirms.Any(c => !c.IsCompletedSuccessfully)) await DropPublisherAsync(confirms.FirstOrDefault(c => c.IsFaulted)?.Exception?.InnerException);
            }
            catch (Exception e)
            {
                foreach (var p in batch) p.Confirmed.TrySetException(new IOException("RabbitMQ could not take the envelope", e));
                await DropPublisherAsync(e);
            }
        }
    }

    /// <summary>
    /// The limit a broker names when it closes the channel over a message's size (406 PRECONDITION_FAILED, "message size N
    /// is larger than configured max size M"), kept for later appends; null when the failure was something else. Such a
    /// message is answered 413 and its batch companions 503 (the channel closed under them; the SDKs send them again).
    /// </summary>
    private long? LearnSizeLimit(IChannel channel, Task[] confirms)
    {
        var reasons = confirms.Where(c => c.IsFaulted).SelectMany(c => Chain(c.Exception!)).Select(e => e.Message).Append(channel.CloseReason?.ReplyText ?? "");
        foreach (var reason in reasons)
        {
            if (BrokerSizeLimit().Match(reason) is not { Success: true } match || !long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var limit)) continue;
            if (limit < Interlocked.Read(ref maxMessageBytes))
            {
                Interlocked.Exchange(ref maxMessageBytes, limit);
                log.LogError("RabbitMQ refused an envelope over its max_message_size of {Limit} bytes, under {Setting} ({Configured}): larger envelopes are now answered 413; set the two alike",
                    limit, ClusterOptions.Section + ":RabbitMqMaxMessageBytes", cluster.RabbitMqMaxMessageBytes);
            }
            return limit;
        }
        return null;

        static IEnumerable<Exception> Chain(Exception e)
        {
            for (Exception? at = e; at is not null; at = at.InnerException)
            {
                yield return at;
                if (at is AggregateException all) foreach (var inner in all.InnerExceptions.SelectMany(Chain)) yield return inner;
            }
        }
    }

    [GeneratedRegex(@"larger than (?:the )?(?:configured )?max(?:imum)?(?: message)? size (\d+)")]
    private static partial Regex BrokerSizeLimit();

    /// <summary>A channel that failed a batch is replaced: a nack or a timeout may have left it in a state no later publish should share.</summary>
    private async Task DropPublisherAsync(Exception? reason)
    {
        log.LogError(reason, "RabbitMQ did not confirm a batch of envelopes; they were answered 503 and the SDKs send them again");
        var failed = publisher;
        publisher = null;
        if (failed is null) return;
        try { await failed.DisposeAsync(); }
        catch (Exception e) { log.LogDebug(e, "Closing the failed publisher channel"); }
    }

    private async Task DepthLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(DepthInterval, stopping.Token);
                await ReadDepthAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            // RabbitMQ away: publishes fail on their own (503); the last depth stands until it answers again.
            catch (Exception e) { log.LogDebug(e, "Could not read the depth of RabbitMQ queue {Queue}", rabbit.Queue); }
        }
    }

    private async Task ReadDepthAsync(CancellationToken ct)
    {
        await using var channel = await (await rabbit.ConnectAsync(ct)).CreateChannelAsync(cancellationToken: ct);
        Interlocked.Exchange(ref depth, await channel.MessageCountAsync(rabbit.Queue, ct));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        pending.Writer.TryComplete();
        await stopping.CancelAsync();
        if (publishLoop is not null) await publishLoop.WaitAsync(cancellationToken);
        if (depthLoop is not null) await depthLoop.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        if (!stopping.IsCancellationRequested) await stopping.CancelAsync();
        if (publisher is not null) await publisher.DisposeAsync();
        stopping.Dispose();
    }

    private sealed record Pending(byte[] Body)
    {
        /// <summary>
        /// Durable, with an id of its own: the digest records it with its commit and skips the message when RabbitMQ
        /// delivers it again after a lost acknowledgement. New per append, so an SDK's retry (a new request) is a new message.
        /// </summary>
        public BasicProperties Properties { get; } = new() { Persistent = true, MessageId = Guid.NewGuid().ToString("N") };

        public TaskCompletionSource Confirmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
