using System.Diagnostics;
using System.Net;
using System.Text;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Processing.Inbox;
using BugSage.Server.Cluster.RabbitMq;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// What RabbitMQ delivers again and what it cannot hold (docs/scale-out.md): a message whose digest committed but whose
/// acknowledgement was lost is skipped whole when it comes back, so its attachment and feedback are stored once; an
/// envelope over the broker's message size is answered 413 before it is published, never 503 on every retry.
/// </summary>
public class RabbitMqRedeliveryTests(RabbitMqBroker broker) : IClassFixture<RabbitMqBroker>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private Task<ClusterNodes> StartAsync(Dictionary<string, string?>? extra = null, string? uri = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BugSage:Cluster:RabbitMq"] = uri ?? broker.Server.Uri,
            ["BugSage:Cluster:RabbitMqQueue"] = "bugsage.test." + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return ClusterNodes.StartAsync(settings);
    }

    [RabbitMqClusterFact]
    public async Task A_message_delivered_again_after_its_digest_committed_stores_its_attachment_and_feedback_once()
    {
        await using var cluster = await StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var eventId = Envelopes.NewEventId();
        (await Envelopes.PostAsync(cluster.A.CreateClient(), projectId, key, WithAttachmentAndFeedback(eventId))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Node A takes the message and commits its digest; its channel then closes before the acknowledgement (a crash
        // between commit and ack): RabbitMQ still holds the message and hands it out again.
        var queue = cluster.A.Services.GetRequiredService<IEnvelopeQueue>();
        using (var reader = await queue.OpenReaderAsync(CancellationToken.None))
        {
            var records = await ReadAsync(reader, 1);
            records.Single().MessageId.ShouldNotBeNullOrEmpty();
            await using var scope = cluster.A.Services.CreateAsyncScope();
            var digester = scope.ServiceProvider.GetRequiredService<EnvelopeDigester>();
            await digester.WriteAsync(await digester.PrepareAsync(records, "node-a", CancellationToken.None), "node-a", moveCheckpoint: false, CancellationToken.None);
        }
        (await Stored(cluster.A, projectId)).ShouldBe((1, 1, 1));

        // Node B is handed the same message again: it is acknowledged and adds nothing.
        var redelivered = 0;
        var watch = Stopwatch.StartNew();
        while (redelivered < 1 && watch.Elapsed < Deadline)
        {
            redelivered += await cluster.B.DigestAsync();
            await Task.Delay(50);
        }
        redelivered.ShouldBe(1);
        (await Stored(cluster.B, projectId)).ShouldBe((1, 1, 1));
        (await cluster.B.WithDbAsync(db => db.DigestedMessages.CountAsync())).ShouldBe(1);
        // Acknowledged: nothing comes back to either node.
        (await cluster.A.DigestAsync() + await cluster.B.DigestAsync()).ShouldBe(0);
    }

    [RabbitMqClusterFact]
    public async Task Digested_message_ids_older_than_their_window_are_pruned_and_newer_ones_kept()
    {
        await using var cluster = await StartAsync(new() { ["BugSage:Cluster:RabbitMqMessageIdHours"] = "2" });
        var now = DateTime.UtcNow;
        await cluster.A.WithDbAsync(async db =>
        {
            db.DigestedMessages.AddRange(
                new DigestedMessage { MessageId = "old-1", DigestedAt = now.AddHours(-3) },
                new DigestedMessage { MessageId = "old-2", DigestedAt = now.AddHours(-2.5) },
                new DigestedMessage { MessageId = "recent", DigestedAt = now.AddHours(-1) });
            await db.SaveChangesAsync();
        });

        (await cluster.A.Services.GetRequiredService<DigestedMessagePruner>().PruneAsync(CancellationToken.None)).ShouldBe(2);
        (await cluster.A.WithDbAsync(db => db.DigestedMessages.Select(m => m.MessageId).ToListAsync())).ShouldBe(["recent"]);
    }

    [RabbitMqClusterFact]
    public async Task An_envelope_over_the_broker_message_size_is_answered_413_and_not_stored_while_one_under_it_is_digested()
    {
        const int limit = 256 * 1024;
        await using var cluster = await StartAsync(new() { ["BugSage:Cluster:RabbitMqMaxMessageBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var sdk = cluster.A.CreateClient();

        // The node's header (project, received-at) counts towards the broker's limit.
        var over = await Envelopes.PostAsync(sdk, projectId, key, OfSize(limit - RabbitEnvelopeQueue.MetaSize + 1));
        over.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Envelopes.PostAsync(sdk, projectId, key, OfSize(limit - RabbitEnvelopeQueue.MetaSize))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await DigestUntilAsync(async () => await cluster.A.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId)) >= 1, cluster.A);
        (await cluster.A.DigestAsync()).ShouldBe(0);
        (await cluster.A.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId))).ShouldBe(1);
        (await cluster.A.WithDbAsync(db => db.Attachments.Select(a => a.Size).ToListAsync())).Single().ShouldBeLessThan(limit);
    }

    [RabbitMqClusterFact]
    public async Task A_broker_that_refuses_a_message_for_its_size_teaches_the_node_its_limit_and_the_envelope_gets_413()
    {
        const int brokerLimit = 128 * 1024;
        await using var own = await RabbitMqServer.StartAsync($"max_message_size = {brokerLimit}\n");
        // BugSage left at its default (16 MiB), above the broker's own limit.
        await using var cluster = await StartAsync(uri: own.Uri);
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var sdk = cluster.A.CreateClient();

        (await Envelopes.PostAsync(sdk, projectId, key, OfSize(brokerLimit + 1000))).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        cluster.A.Services.GetRequiredService<RabbitEnvelopeQueue>().MaxEnvelopeBytes.ShouldBe(brokerLimit - RabbitEnvelopeQueue.MetaSize);
        // Known now: the next one over it is refused before it is published; one under it goes through.
        (await Envelopes.PostAsync(sdk, projectId, key, OfSize(brokerLimit + 1000))).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Envelopes.PostAsync(sdk, projectId, key, OfSize(brokerLimit - 1000))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await DigestUntilAsync(async () => await cluster.A.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId)) >= 1, cluster.A);
        (await cluster.A.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId))).ShouldBe(1);
    }

    /// <summary>An event with a log attachment and a user report, as an SDK sends a crash the user commented on.</summary>
    private static string WithAttachmentAndFeedback(string eventId) => Envelopes.Event(eventId, new { message = "Checkout failed" },
        ("{\"type\":\"attachment\",\"length\":11,\"filename\":\"log.txt\",\"content_type\":\"text/plain\"}", "hello\nworld"),
        ("{\"type\":\"user_report\"}", $"{{\"event_id\":\"{eventId}\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"comments\":\"It broke\"}}"));

    /// <summary>An event envelope padded by an attachment to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string OfSize(int bytes)
    {
        var eventId = Envelopes.NewEventId();
        string Build(int pad) => Envelopes.Event(eventId, new { message = "Large" },
            ($"{{\"type\":\"attachment\",\"length\":{pad},\"filename\":\"dump.bin\"}}", new string('x', pad)));
        var pad = bytes - Encoding.UTF8.GetByteCount(Build(0));
        // The attachment's length header grows with its digits: settle on the pad that lands exactly.
        while (Encoding.UTF8.GetByteCount(Build(pad)) > bytes) pad--;
        var envelope = Build(pad);
        Encoding.UTF8.GetByteCount(envelope).ShouldBe(bytes);
        return envelope;
    }

    private static Task<(int Events, int Attachments, int Reports)> Stored(BugSageFactory node, long projectId) => node.WithDbAsync(async db => (
        await db.Events.CountAsync(e => e.ProjectId == projectId),
        await db.Attachments.CountAsync(a => a.ProjectId == projectId),
        await db.UserReports.CountAsync(r => r.ProjectId == projectId)));

    private static async Task<List<InboxRecord>> ReadAsync(IEnvelopeReader reader, int count)
    {
        var records = new List<InboxRecord>();
        var watch = Stopwatch.StartNew();
        while (records.Count < count && watch.Elapsed < Deadline)
        {
            using var wait = new CancellationTokenSource(Deadline);
            await reader.WaitForDataAsync(wait.Token);
            records.AddRange(reader.ReadBatch(10, long.MaxValue));
        }
        records.Count.ShouldBe(count);
        return records;
    }

    private static async Task DigestUntilAsync(Func<Task<bool>> done, BugSageFactory node)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await node.DigestAsync();
            if (await done()) return;
            if (watch.Elapsed > Deadline) throw new ShouldAssertException($"the digest did not finish within {Deadline.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }
}
