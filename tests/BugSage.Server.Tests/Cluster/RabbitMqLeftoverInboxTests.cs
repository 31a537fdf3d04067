using System.Diagnostics;
using System.Net;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Processing.Inbox;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// A node that ran without RabbitMQ and is restarted with it (docs/scale-out.md, switching a running node): envelopes it
/// acknowledged into its own inbox and had not digested are digested by it once, before it takes anything from the queue,
/// and a later start finds nothing left.
/// </summary>
public sealed class RabbitMqLeftoverInboxTests(RabbitMqBroker broker) : IClassFixture<RabbitMqBroker>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "bugsage-leftover-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }

    [RabbitMqClusterFact]
    public async Task Envelopes_left_in_the_inbox_by_a_run_without_RabbitMQ_are_digested_once_after_the_switch()
    {
        await using var redis = await RedisServer.StartAsync();
        // The first run accepts into its disk inbox (the factory's digest does not run): acknowledged, not digested.
        var (settings, projectId, leftover) = await RunWithoutRabbitAsync(redis, envelopes: 5);

        // Restarted on the same volume in RabbitMQ mode: new envelopes go to the queue, the old ones are still on disk.
        await using (var withRabbit = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory))
        {
            withRabbit.Services.GetRequiredService<IEnvelopeQueue>().ShouldBeOfType<BugSage.Server.Cluster.RabbitMq.RabbitEnvelopeQueue>();
            withRabbit.Services.GetRequiredService<InboxLog>().BacklogBytes.ShouldBeGreaterThan(0);
            var (_, key) = await withRabbit.DefaultKeyAsync();
            var sdk = withRabbit.CreateClient();
            var published = new[] { await SendAsync(sdk, projectId, key, HttpStatusCode.OK), await SendAsync(sdk, projectId, key, HttpStatusCode.OK) };

            await DigestUntilAsync(withRabbit, projectId, leftover.Count + published.Length);
            (await withRabbit.DigestAsync()).ShouldBe(0);
            var stored = await StoredIdsAsync(withRabbit, projectId);
            stored.ShouldBe(leftover.Concat(published).Order().ToList(), ignoreOrder: true);
            (await IssueCountAsync(withRabbit, projectId)).ShouldBe(stored.Count);
            withRabbit.Services.GetRequiredService<InboxLog>().BacklogBytes.ShouldBe(0);
        }

        // A third start on the volume: the leftover's checkpoint moved in the digest's transaction, so nothing is read twice.
        await using var again = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory);
        again.Services.GetRequiredService<InboxLog>().BacklogBytes.ShouldBe(0);
        (await again.DigestAsync()).ShouldBe(0);
        (await StoredIdsAsync(again, projectId)).Count.ShouldBe(leftover.Count + 2);
        (await IssueCountAsync(again, projectId)).ShouldBe(leftover.Count + 2);
    }

    [RabbitMqClusterFact]
    public async Task While_the_leftover_inbox_is_digested_the_digest_moves_the_checkpoint_and_takes_nothing_from_the_queue()
    {
        await using var redis = await RedisServer.StartAsync();
        var (settings, projectId, _) = await RunWithoutRabbitAsync(redis, envelopes: 3);
        var queueName = settings["BugSage:Cluster:RabbitMqQueue"]!;

        await using var withRabbit = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory);
        var (_, key) = await withRabbit.DefaultKeyAsync();
        await SendAsync(withRabbit.CreateClient(), projectId, key, HttpStatusCode.OK);
        using var reader = await withRabbit.Services.GetRequiredService<IEnvelopeQueue>().OpenReaderAsync(CancellationToken.None);
        reader.KeepsCheckpoint.ShouldBeTrue("the leftover's records are this node's inbox: the digest's transaction must move its checkpoint");
        var records = reader.ReadBatch(100, long.MaxValue);
        records.Count.ShouldBe(3);
        await using (var scope = withRabbit.Services.CreateAsyncScope())
        {
            var digester = scope.ServiceProvider.GetRequiredService<EnvelopeDigester>();
            await digester.WriteAsync(await digester.PrepareAsync(records, "node-a", CancellationToken.None), "node-a", moveCheckpoint: true, CancellationToken.None);
        }
        // Until the leftover's last batch is marked digested, the node holds nothing of the queue's: other nodes may take it all.
        reader.ReadBatch(100, long.MaxValue).ShouldBeEmpty();
        await using (var rabbit = await broker.Server.ConnectAsync())
        await using (var channel = await rabbit.CreateChannelAsync())
            (await channel.MessageCountAsync(queueName)).ShouldBe(1u);
        await reader.MarkDigestedAsync(records);

        // Then the reader consumes the queue, and the records it hands out are acknowledged by RabbitMQ, not by the checkpoint.
        var fromQueue = new List<InboxRecord>();
        var watch = Stopwatch.StartNew();
        while (fromQueue.Count == 0 && watch.Elapsed < Deadline)
        {
            using var wait = new CancellationTokenSource(Deadline);
            await reader.WaitForDataAsync(wait.Token);
            fromQueue.AddRange(reader.ReadBatch(100, long.MaxValue));
        }
        fromQueue.Count.ShouldBe(1);
        reader.KeepsCheckpoint.ShouldBeFalse();
        var checkpoint = await withRabbit.WithDbAsync(db => db.InboxCheckpoints.AsNoTracking().SingleAsync(c => c.NodeId == "node-a"));
        new InboxPosition(checkpoint.Segment, checkpoint.Offset).ShouldBe(records[^1].Next);
    }

    [RabbitMqClusterFact]
    public async Task A_crash_after_part_of_the_leftover_was_digested_leaves_the_rest_to_the_next_start_and_counts_nothing_twice()
    {
        await using var redis = await RedisServer.StartAsync();
        var (settings, projectId, leftover) = await RunWithoutRabbitAsync(redis, envelopes: 5);

        // The first start in RabbitMQ mode commits the digest of two leftover records and dies before telling the reader.
        await using (var crashed = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory))
        {
            using var reader = await crashed.Services.GetRequiredService<IEnvelopeQueue>().OpenReaderAsync(CancellationToken.None);
            var records = reader.ReadBatch(2, long.MaxValue);
            records.Count.ShouldBe(2);
            await using var scope = crashed.Services.CreateAsyncScope();
            var digester = scope.ServiceProvider.GetRequiredService<EnvelopeDigester>();
            await digester.WriteAsync(await digester.PrepareAsync(records, "node-a", CancellationToken.None), "node-a", reader.KeepsCheckpoint, CancellationToken.None);
        }

        // The next start reads from the checkpoint the committed batch moved: the three it never committed, not all five
        // (an event id found stored would be dropped, but a client report or a session in the same envelope would count again).
        await using var next = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory);
        var digested = 0;
        var watch = Stopwatch.StartNew();
        while ((await StoredIdsAsync(next, projectId)).Count < leftover.Count && watch.Elapsed < Deadline) digested += await next.DigestAsync();
        digested += await next.DigestAsync();
        digested.ShouldBe(3);
        (await StoredIdsAsync(next, projectId)).ShouldBe(leftover, ignoreOrder: true);
        (await IssueCountAsync(next, projectId)).ShouldBe(leftover.Count);
    }

    [RabbitMqClusterFact]
    public async Task A_leftover_that_is_only_a_torn_tail_does_not_keep_the_digest_from_the_queue()
    {
        await using var redis = await RedisServer.StartAsync();
        var (settings, projectId, _) = await RunWithoutRabbitAsync(redis, envelopes: 0);
        // A write cut short by a crash: bytes past the last record that were never acknowledged.
        var segment = Directory.GetFiles(Path.Combine(dataDirectory, "inbox"), "*.seg").Order().Last();
        await File.AppendAllTextAsync(segment, "torn write, never acknowledged");

        await using var withRabbit = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory);
        withRabbit.Services.GetRequiredService<InboxLog>().BacklogBytes.ShouldBeGreaterThan(0);
        var (_, key) = await withRabbit.DefaultKeyAsync();
        var published = await SendAsync(withRabbit.CreateClient(), projectId, key, HttpStatusCode.OK);
        await DigestUntilAsync(withRabbit, projectId, 1);
        (await StoredIdsAsync(withRabbit, projectId)).ShouldBe([published]);
    }

    /// <summary>A first run in cluster mode without RabbitMQ that acknowledges envelopes into its inbox and digests none.</summary>
    private async Task<(Dictionary<string, string?> Settings, long ProjectId, List<string> Leftover)> RunWithoutRabbitAsync(RedisServer redis, int envelopes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BugSage:Cluster:Enabled"] = "true",
            ["BugSage:Cluster:Redis"] = redis.ConnectionString,
            ["BugSage:NodeId"] = "node-a",
        };
        var leftover = new List<string>();
        long projectId;
        await using (var withoutRabbit = await BugSageFactory.CreateAsync("postgres", settings, dataDirectory: dataDirectory))
        {
            (projectId, var key) = await withoutRabbit.DefaultKeyAsync();
            var sdk = withoutRabbit.CreateClient();
            for (var i = 0; i < envelopes; i++) leftover.Add(await SendAsync(sdk, projectId, key, HttpStatusCode.OK));
            settings["BugSage:Storage:ConnectionString"] = withoutRabbit.ConnectionString;
        }
        settings["BugSage:Cluster:RabbitMq"] = broker.Server.Uri;
        settings["BugSage:Cluster:RabbitMqQueue"] = "bugsage.test." + Guid.NewGuid().ToString("N")[..12];
        return (settings, projectId, leftover);
    }

    private static async Task DigestUntilAsync(BugSageFactory node, long projectId, int count)
    {
        var watch = Stopwatch.StartNew();
        while ((await StoredIdsAsync(node, projectId)).Count < count)
        {
            if (watch.Elapsed > Deadline) throw new ShouldAssertException($"stored {(await StoredIdsAsync(node, projectId)).Count} of {count} within {Deadline.TotalSeconds:0} s");
            await node.DigestAsync();
            await Task.Delay(50);
        }
    }

    private static async Task<string> SendAsync(HttpClient sdk, long projectId, string key, HttpStatusCode expected)
    {
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, new { message = "Left in the inbox" }))).StatusCode.ShouldBe(expected);
        return id;
    }

    private static Task<List<string>> StoredIdsAsync(BugSageFactory node, long projectId) =>
        node.WithDbAsync(db => db.Events.Where(e => e.ProjectId == projectId).Select(e => e.EventId).ToListAsync());

    private static Task<long> IssueCountAsync(BugSageFactory node, long projectId) =>
        node.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count));
}
