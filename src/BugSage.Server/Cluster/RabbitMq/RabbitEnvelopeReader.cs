using System.Buffers.Binary;
using System.Security.Cryptography;
using BugSage.Core.Processing.Inbox;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BugSage.Server.Cluster.RabbitMq;

/// <summary>
/// The digest's consumer on the RabbitMQ queue. Deliveries (at most a digest batch of them unacknowledged, the prefetch)
/// are held in order until the digest's transaction that stored them committed; then one acknowledgement covers the batch.
/// A record's position is (channel generation, delivery tag): when the channel goes away, RabbitMQ hands its unacknowledged
/// messages to another consumer, so this one forgets what it held and acknowledges none of it. A message digested here
/// whose acknowledgement was lost is digested again elsewhere; the digest stores an event id once and counts it once.
/// </summary>
internal sealed class RabbitEnvelopeReader(ILogger log) : IEnvelopeReader
{
    private readonly Lock gate = new();
    private readonly List<InboxRecord> held = [];
    private readonly DurableSignal arrived = new();
    private IChannel? channel;
    private long generation = 1;
    private InboxPosition position;

    public InboxPosition Position
    {
        get { lock (gate) return position; }
        set { lock (gate) position = value; }
    }

    public bool KeepsCheckpoint => false;

    public async Task StartAsync(IConnection connection, string queue, ushort prefetch, CancellationToken ct)
    {
        channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, ct);
        channel.ChannelShutdownAsync += (_, _) => ForgetHeld();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HoldAsync(delivery);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
    }

    private Task HoldAsync(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.Span;
        // A message not written by BugSage (too short to carry a project) is held under project 0: the digest drops it as it
        // drops an envelope of a deleted project, and it is acknowledged with its batch.
        var (projectId, receivedAt) = body.Length >= RabbitEnvelopeQueue.MetaSize
            ? (BinaryPrimitives.ReadInt64LittleEndian(body), new DateTime(Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(body[8..]), DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc))
            : (0L, DateTime.UnixEpoch);
        var envelope = body.Length >= RabbitEnvelopeQueue.MetaSize ? body[RabbitEnvelopeQueue.MetaSize..].ToArray() : [];
        var messageId = MessageIdOf(delivery.BasicProperties.MessageId, body);
        lock (gate)
        {
            var at = new InboxPosition(generation, (long)delivery.DeliveryTag);
            held.Add(new InboxRecord(at, at with { Offset = at.Offset + 1 }, projectId, receivedAt, envelope, messageId));
        }
        arrived.Pulse();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The identity the digest records with its commit: the publisher's id, or for a message published without one (by a
    /// node from before ids were set) a hash of the body, which holds the project and the received-at ticks as well.
    /// </summary>
    internal static string MessageIdOf(string? published, ReadOnlySpan<byte> body) =>
        published is { Length: > 0 and <= 64 } ? published : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body))[..56];

    private Task ForgetHeld()
    {
        lock (gate)
        {
            if (held.Count > 0) log.LogWarning("The RabbitMQ channel closed with {Count} envelopes held; RabbitMQ hands them to a consumer again", held.Count);
            generation++;
            held.Clear();
        }
        return Task.CompletedTask;
    }

    public async Task WaitForDataAsync(CancellationToken ct)
    {
        var wait = arrived.WaitAsync();
        lock (gate)
            if (held.Exists(r => r.Position >= position)) return;
        await wait.WaitAsync(ct);
    }

    public List<InboxRecord> ReadBatch(int maxRecords, long maxBytes)
    {
        lock (gate)
        {
            var records = new List<InboxRecord>();
            long bytes = 0;
            foreach (var record in held)
            {
                if (records.Count >= maxRecords || bytes >= maxBytes) break;
                if (record.Position < position) continue;
                records.Add(record);
                bytes += record.Envelope.Length;
                position = record.Next;
            }
            return records;
        }
    }

    public async Task MarkDigestedAsync(IReadOnlyList<InboxRecord> records)
    {
        var last = records[^1].Position;
        lock (gate)
        {
            // Held by a channel that is gone: RabbitMQ has handed these to a consumer again, and they will be found stored.
            if (last.Segment != generation) return;
            held.RemoveAll(r => r.Position <= last);
        }
        try
        {
            await channel!.BasicAckAsync((ulong)last.Offset, multiple: true);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not acknowledge {Count} digested envelopes; RabbitMQ will deliver them again and the digest will find them stored", records.Count);
        }
    }

    public void Dispose()
    {
        // Closing the channel returns what it held, unacknowledged, to the queue.
        try
        {
            // Closed explicitly and waited for (at shutdown only): disposing alone may leave the channel, and what it held, open.
            if (channel is { IsOpen: true }) channel.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            channel?.Dispose();
        }
        catch (Exception e) { log.LogDebug(e, "Closing the digest's RabbitMQ channel"); }
    }
}
