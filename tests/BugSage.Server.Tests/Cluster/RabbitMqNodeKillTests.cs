using System.Collections.Concurrent;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Two real BugSage processes in cluster mode on one PostgreSQL database, one Redis and one RabbitMQ broker of the test's
/// own. Node A takes envelopes from eight senders and is killed with SIGKILL while requests are in flight and its digest is
/// part-way through what it acknowledged; node B (alone at first, then with A restarted on its volume) digests the rest:
/// every envelope acknowledged with a 200 is stored exactly once.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class RabbitMqNodeKillTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>At most this many are sent: the senders stop when A is killed, usually long before.</summary>
    private const int EnvelopeCount = 3000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly string nodeAData = Path.Combine(Path.GetTempPath(), "bugsage-rabbit-kill-a-" + Guid.NewGuid().ToString("N"));
    private readonly string nodeBData = Path.Combine(Path.GetTempPath(), "bugsage-rabbit-kill-b-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (var directory in new[] { nodeAData, nodeBData })
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [RabbitMqClusterFact]
    public async Task Every_envelope_acknowledged_by_a_node_killed_mid_digest_is_stored_exactly_once_by_the_others()
    {
        await using var broker = await RabbitMqServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        // Reads the shared database for the test; it ingests and digests nothing (its digest does not run).
        await using var observer = await BugSageFactory.CreateAsync("postgres");
        var (projectId, key) = await observer.DefaultKeyAsync();
        var queue = "bugsage.kill." + Guid.NewGuid().ToString("N")[..12];
        Dictionary<string, string> Node(string id, int batchSize) => ClusterNodeSettings.Of(observer, redis, broker, queue, id, batchSize);

        // A digests one envelope per transaction, so that the kill lands while most of what it acknowledged waits.
        var acknowledged = new ConcurrentBag<string>();
        long storedAtKill;
        await using (var a = await ServerProcess.StartAsync(nodeAData, environment: Node("node-a", batchSize: 1)))
        {
            using var client = new HttpClient { BaseAddress = a.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            var next = -1;
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (var n = Interlocked.Increment(ref next); n < EnvelopeCount; n = Interlocked.Increment(ref next))
                {
                    var id = Envelopes.NewEventId();
                    var payload = Envelopes.NodeError(id, function: $"handler{n % 7}");
                    try
                    {
                        var answer = await Envelopes.PostAsync(client, projectId, key,
                            Envelopes.Event(id, payload));
                        if (answer.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                    }
                    // Killed under the request: never acknowledged, and the SDK would send it again.
                    catch (HttpRequestException) { return; }
                    catch (TaskCanceledException) { return; }
                }
            })).ToList();

            // Kill once A's digest has stored some, however long that takes here.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (await ClusterProbes.StoredCountAsync(observer, projectId) < 20)
            {
                if (watch.Elapsed > Deadline) throw new TimeoutException($"node A stored fewer than 20 events within {Deadline}:\n{a.Output}");
                await Task.Delay(20);
            }
            a.Kill();
            await Task.WhenAll(senders);
            storedAtKill = await ClusterProbes.StoredCountAsync(observer, projectId);
        }
        output.WriteLine($"acknowledged {acknowledged.Count}, stored when A was killed {storedAtKill}");
        storedAtKill.ShouldBeGreaterThan(0);
        storedAtKill.ShouldBeLessThan(acknowledged.Count, "the kill must land while acknowledged envelopes wait undigested");

        // B, a node that never saw these envelopes, takes what A had not finished: it alone stores more before A is back.
        await using var b = await ServerProcess.StartAsync(nodeBData, environment: Node("node-b", batchSize: 50));
        var deadline = DateTime.UtcNow + Deadline;
        while (await ClusterProbes.StoredCountAsync(observer, projectId) == storedAtKill)
        {
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"node B digested nothing of what A acknowledged:\n{b.Output}");
            await Task.Delay(50);
        }
        // A restarted on its volume consumes the same queue with B until the rest is stored.
        await using var restarted = await ServerProcess.StartAsync(nodeAData, environment: Node("node-a", batchSize: 50));
        var expected = acknowledged.ToHashSet();
        List<string> stored;
        while (true)
        {
            stored = await observer.WithDbAsync(db => db.Events.Where(e => e.ProjectId == projectId).Select(e => e.EventId).ToListAsync());
            if (expected.IsSubsetOf(stored) && await ClusterProbes.ReadyMessagesAsync(broker, queue) == 0) break;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{expected.Except(stored).Count()} acknowledged envelopes not stored within {Deadline}:\n{b.Output}\n{restarted.Output}");
            await Task.Delay(100);
        }

        stored.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("no event id is stored twice");
        // Envelopes answered with an error may have been stored too (confirmed, then the answer lost): never twice.
        stored.Count.ShouldBeGreaterThanOrEqualTo(expected.Count);
        (await observer.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count))).ShouldBe(stored.Count,
            "issue counts equal the events stored: a redelivered envelope counted nothing again");
        output.WriteLine($"stored {stored.Count}, all {expected.Count} acknowledged among them, none twice");
    }
}
