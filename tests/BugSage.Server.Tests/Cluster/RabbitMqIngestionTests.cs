using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Processing.Inbox;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Cluster-mode ingestion through RabbitMQ (docs/scale-out.md): every node publishes what it accepts to one quorum queue
/// and every node's digest consumes it. Two nodes on one PostgreSQL and one Redis share one broker per class; each test
/// has a queue of its own. Digests are driven by hand, polling with a deadline while deliveries arrive.
/// </summary>
public class RabbitMqIngestionTests(RabbitMqBroker broker) : IClassFixture<RabbitMqBroker>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private Task<ClusterNodes> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BugSage:Cluster:RabbitMq"] = broker.Server.Uri,
            ["BugSage:Cluster:RabbitMqQueue"] = "bugsage.test." + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return ClusterNodes.StartAsync(settings);
    }

    [RabbitMqClusterFact]
    public async Task Events_sent_to_both_nodes_are_each_digested_exactly_once()
    {
        await using var cluster = await StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var (toA, toB) = (cluster.A.CreateClient(), cluster.B.CreateClient());
        const int sent = 20;
        for (var i = 0; i < sent; i++)
            (await SendAsync(i % 2 == 0 ? toA : toB, projectId, key)).ShouldBe(HttpStatusCode.OK);

        await DigestUntilAsync(async () => await EventCountAsync(cluster.A, projectId) >= sent, cluster.A, cluster.B);

        // Draining again finds nothing left: each message was acknowledged after its digest committed.
        (await cluster.A.DigestAsync() + await cluster.B.DigestAsync()).ShouldBe(0);
        (await EventCountAsync(cluster.A, projectId)).ShouldBe(sent);
        (await cluster.A.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count))).ShouldBe(sent);
        (await ReadyCheckAsync(toB, "rabbitmq")).ShouldBe("Healthy");
        // Nothing went through a node's own inbox.
        cluster.A.Services.GetRequiredService<InboxLog>().BacklogBytes.ShouldBe(0);
    }

    [RabbitMqClusterFact]
    public async Task Envelopes_acknowledged_by_a_node_that_dies_for_good_before_digesting_them_are_digested_by_another()
    {
        await using var cluster = await StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var toA = cluster.A.CreateClient();
        for (var i = 0; i < 5; i++) (await SendAsync(toA, projectId, key)).ShouldBe(HttpStatusCode.OK);

        // A's digest never ran; A goes away with its data directory.
        await cluster.A.DisposeAsync();

        await DigestUntilAsync(async () => await EventCountAsync(cluster.B, projectId) >= 5, cluster.B);
        (await EventCountAsync(cluster.B, projectId)).ShouldBe(5);
    }

    [RabbitMqClusterFact]
    public async Task Envelopes_whose_acknowledgement_was_lost_after_the_digest_committed_are_delivered_again_and_counted_once()
    {
        await using var cluster = await StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var toA = cluster.A.CreateClient();
        for (var i = 0; i < 3; i++) (await SendAsync(toA, projectId, key)).ShouldBe(HttpStatusCode.OK);

        // Node A takes the three from the queue and commits their digest, then its channel closes before the
        // acknowledgement is sent (a crash between commit and ack): RabbitMQ still holds them.
        var queue = cluster.A.Services.GetRequiredService<IEnvelopeQueue>();
        var records = new List<InboxRecord>();
        using (var reader = await queue.OpenReaderAsync(CancellationToken.None))
        {
            reader.KeepsCheckpoint.ShouldBeFalse();
            var watch = Stopwatch.StartNew();
            while (records.Count < 3 && watch.Elapsed < Deadline)
            {
                using var wait = new CancellationTokenSource(Deadline);
                await reader.WaitForDataAsync(wait.Token);
                records.AddRange(reader.ReadBatch(10, long.MaxValue));
            }
            records.Count.ShouldBe(3);
            await using var scope = cluster.A.Services.CreateAsyncScope();
            var digester = scope.ServiceProvider.GetRequiredService<EnvelopeDigester>();
            await digester.WriteAsync(await digester.PrepareAsync(records, "node-a", CancellationToken.None), "node-a", moveCheckpoint: false, CancellationToken.None);
        }
        (await EventCountAsync(cluster.A, projectId)).ShouldBe(3);
        var countBefore = await IssueCountAsync(cluster.A, projectId);
        countBefore.ShouldBe(3);

        // Node B is handed the same three again and digests them: stored and counted once.
        var redelivered = 0;
        var redelivery = Stopwatch.StartNew();
        while (redelivered < 3 && redelivery.Elapsed < Deadline)
        {
            redelivered += await cluster.B.DigestAsync();
            await Task.Delay(50);
        }
        redelivered.ShouldBe(3);
        (await EventCountAsync(cluster.B, projectId)).ShouldBe(3);
        (await IssueCountAsync(cluster.B, projectId)).ShouldBe(countBefore);
        (await cluster.B.DigestAsync()).ShouldBe(0);
    }

    [RabbitMqClusterFact]
    public async Task A_queue_deeper_than_its_bound_makes_ingestion_answer_429_with_Retry_After()
    {
        await using var cluster = await StartAsync(new() { ["BugSage:Cluster:RabbitMqMaxQueueDepth"] = "3" });
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var toA = cluster.A.CreateClient();
        for (var i = 0; i < 4; i++) (await SendAsync(toA, projectId, key)).ShouldBe(HttpStatusCode.OK);

        // The depth is read once a second; nothing digests, so four messages wait and the bound of three is passed.
        var watch = Stopwatch.StartNew();
        HttpResponseMessage answer;
        while ((answer = await Envelopes.PostAsync(toA, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "over" }))).StatusCode != HttpStatusCode.TooManyRequests)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) throw new ShouldAssertException("ingestion never refused with the queue over its bound");
            await Task.Delay(100);
        }
        answer.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        answer.Headers.GetValues("X-Sentry-Rate-Limits").Single().ShouldContain("server_backlog");
        (await ReadyCheckAsync(toA, "rabbitmq")).ShouldBe("Degraded");

        // Once a digest drains the queue, envelopes are accepted again.
        await DigestUntilAsync(async () => await EventCountAsync(cluster.A, projectId) >= 4 && await SendAsync(toA, projectId, key) == HttpStatusCode.OK, cluster.A);
    }

    [RabbitMqClusterFact]
    public async Task With_RabbitMQ_gone_ingestion_answers_503_and_the_ready_check_is_unhealthy()
    {
        // A broker of its own: this test stops it, which the class's shared one must not see.
        await using var own = await RabbitMqServer.StartAsync();
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:RabbitMq"] = own.Uri });
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var toA = cluster.A.CreateClient();
        (await SendAsync(toA, projectId, key)).ShouldBe(HttpStatusCode.OK);

        await own.StopAsync();
        var watch = Stopwatch.StartNew();
        while (await ReadyCheckAsync(toA, "rabbitmq") != "Unhealthy")
        {
            if (watch.Elapsed > Deadline) throw new ShouldAssertException("the rabbitmq check never reported the broker gone");
            await Task.Delay(100);
        }
        var refused = await Envelopes.PostAsync(toA, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "not stored" }));
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [RabbitMqClusterFact]
    public async Task Cluster_mode_refuses_to_start_when_RabbitMQ_cannot_be_reached_and_names_the_setting()
    {
        await using var redis = await RedisServer.StartAsync();
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => BugSageFactory.CreateAsync("postgres", new()
        {
            ["BugSage:Cluster:Enabled"] = "true",
            ["BugSage:Cluster:Redis"] = redis.ConnectionString,
            ["BugSage:Cluster:RabbitMq"] = $"amqp://guest:secret-password@127.0.0.1:{port}/",
        }));
        refused.Message.ShouldContain("BugSage:Cluster:RabbitMq");
        refused.Message.ShouldContain($"127.0.0.1:{port}");
        refused.Message.ShouldNotContain("secret-password");
    }

    private static Task<int> EventCountAsync(BugSageFactory node, long projectId) => node.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId));

    private static Task<long> IssueCountAsync(BugSageFactory node, long projectId) =>
        node.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count));

    private static async Task<HttpStatusCode> SendAsync(HttpClient sdk, long projectId, string key) =>
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "Through RabbitMQ" }))).StatusCode;

    /// <summary>Digests on the given nodes until <paramref name="done"/> holds; deliveries reach the consumers asynchronously.</summary>
    private static async Task DigestUntilAsync(Func<Task<bool>> done, params BugSageFactory[] nodes)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            foreach (var node in nodes) await node.DigestAsync();
            if (await done()) return;
            if (watch.Elapsed > Deadline) throw new ShouldAssertException($"the digest did not finish within {Deadline.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    private static async Task<string?> ReadyCheckAsync(HttpClient client, string check)
    {
        var report = JsonNode.Parse(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
        return report["checks"]?[check]?["status"]?.GetValue<string>();
    }
}
