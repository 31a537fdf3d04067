using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Three real BugSage processes in cluster mode (one PostgreSQL database, one Redis, one RabbitMQ queue) take envelopes
/// round-robin from several senders while node C is killed with SIGKILL, restarted on its volume and port, killed again,
/// and finally killed for good. Whatever any node answered 200 is stored exactly once, and issue counts match the events.
/// Each envelope carries a session too, counted but with no id to find it by, so a message digested twice would show.
/// The senders keep at most a thousand acknowledged envelopes ahead of the digest, so every kill lands under load and with
/// a backlog to digest, on a fast machine as on a slow one.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ThreeNodeCrashTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Kills of C followed by a restart; one more kill then takes it away for good.</summary>
    private const int KillsWithRestart = 3;

    /// <summary>Events stored since C last came up before the next kill, so that each kill lands with the digest under way.</summary>
    private const int StoredBetweenKills = 25;

    /// <summary>Envelopes the survivors must acknowledge after C's last kill before the senders stop.</summary>
    private const int AcknowledgedAfterLastKill = 100;

    /// <summary>A bound on what the senders send, whatever the phases take.</summary>
    private const int MaxEnvelopes = 30_000;

    /// <summary>
    /// Acknowledged envelopes not yet stored past which the senders wait: they send far faster than the digest stores, so
    /// unpaced they would finish early on a fast machine (the last kills then finding nothing to digest) and leave a long
    /// drain on a slow one. Paced, the load lasts through every kill and the drain stays short.
    /// </summary>
    private const int MaxBacklog = 1000;

    private const int Senders = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>A node start while the others take load on two shared cores; a restart of C is part of the crash, so it may take this long.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private readonly string root = Path.Combine(Path.GetTempPath(), "bugsage-three-node-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [RabbitMqClusterFact]
    public async Task Every_envelope_acknowledged_while_one_of_three_nodes_is_killed_again_and_again_is_stored_exactly_once()
    {
        await using var broker = await RabbitMqServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        // Reads the shared database for the test and has migrated it; it ingests and digests nothing.
        await using var observer = await BugSageFactory.CreateAsync("postgres");
        var (projectId, key) = await observer.DefaultKeyAsync();
        var queue = "bugsage.crash3." + Guid.NewGuid().ToString("N")[..12];
        // Small batches: a kill finds C holding deliveries it has not acknowledged, or committed and not yet acknowledged.
        Dictionary<string, string> Node(string id) => ClusterNodeSettings.Of(observer, redis, broker, queue, id, batchSize: 10);
        string DataOf(string id) => Path.Combine(root, id);

        // One after another: three starts side by side on two busy cores can each miss the readiness deadline.
        await using var a = await ServerProcess.StartAsync(DataOf("node-a"), environment: Node("node-a"), readyWithin: StartLimit);
        await using var b = await ServerProcess.StartAsync(DataOf("node-b"), environment: Node("node-b"), readyWithin: StartLimit);
        ServerProcess? c = await ServerProcess.StartAsync(DataOf("node-c"), environment: Node("node-c"), readyWithin: StartLimit);
        var cPort = c.BaseAddress.Port;
        var clients = new[] { a, b, c }
            .Select(node => new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }).ToArray();

        var acknowledged = new ConcurrentBag<string>();
        var refusedWhileDown = 0;
        var next = -1;
        var storedSeen = 0;
        using var stop = new CancellationTokenSource();
        var counter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A failed count (the observer's database busy) keeps the last one: the senders wait a little longer.
                try { Volatile.Write(ref storedSeen, await ClusterProbes.StoredCountAsync(observer, projectId)); }
                catch (Exception e) when (e is not OperationCanceledException) { output.WriteLine($"counting the stored events failed: {e.Message}"); }
                await Task.Delay(100);
            }
        });
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < MaxEnvelopes && !stop.IsCancellationRequested; n = Interlocked.Increment(ref next))
            {
                while (acknowledged.Count - Volatile.Read(ref storedSeen) > MaxBacklog && !stop.IsCancellationRequested) await Task.Delay(20);
                var id = Envelopes.NewEventId();
                try
                {
                    var answer = await Envelopes.PostAsync(clients[n % clients.Length], projectId, key,
                        Envelopes.Event(id, Envelopes.NodeError(id, function: $"handler{n % 7}"), Session(id)));
                    if (answer.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                }
                // A node killed under the request, or down: never acknowledged, and the SDK would send it again.
                catch (HttpRequestException) { Interlocked.Increment(ref refusedWhileDown); }
                catch (TaskCanceledException) { Interlocked.Increment(ref refusedWhileDown); }
            }
        })).ToList();

        var watch = Stopwatch.StartNew();
        try
        {
            for (var kill = 1; kill <= KillsWithRestart + 1; kill++)
            {
                var before = await ClusterProbes.StoredCountAsync(observer, projectId);
                await PollAsync(async () => await ClusterProbes.StoredCountAsync(observer, projectId) >= before + StoredBetweenKills || next >= MaxEnvelopes, watch,
                    () => $"the cluster stored fewer than {StoredBetweenKills} events before kill {kill}:\n{a.Output}\n{b.Output}\n{c?.Output}");
                c!.Kill();
                await c.DisposeAsync();
                c = null;
                output.WriteLine($"kill {kill} of node C at {watch.Elapsed.TotalSeconds:0.0} s: acknowledged {acknowledged.Count}, stored {await ClusterProbes.StoredCountAsync(observer, projectId)}");
                if (kill <= KillsWithRestart)
                    c = await ServerProcess.StartAsync(DataOf("node-c"), cPort, Node("node-c"), StartLimit);
            }
            // A and B alone keep acknowledging before the load stops.
            var atLastKill = acknowledged.Count;
            await PollAsync(() => Task.FromResult(acknowledged.Count >= atLastKill + AcknowledgedAfterLastKill || next >= MaxEnvelopes), watch,
                () => $"nodes A and B acknowledged fewer than {AcknowledgedAfterLastKill} envelopes after C was gone:\n{a.Output}\n{b.Output}");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll([.. senders, counter]);
            foreach (var client in clients) client.Dispose();
            if (c is not null) await c.DisposeAsync();
        }

        var expected = acknowledged.ToHashSet();
        List<string> stored = [];
        await PollAsync(async () =>
        {
            stored = await observer.WithDbAsync(db => db.Events.Where(e => e.ProjectId == projectId).Select(e => e.EventId).ToListAsync());
            return expected.IsSubsetOf(stored) && await ClusterProbes.ReadyMessagesAsync(broker, queue) == 0;
        }, watch, () => $"{expected.Except(stored).Count()} acknowledged envelopes not stored:\n{a.Output}\n{b.Output}");

        output.WriteLine($"sent {Math.Min(next, MaxEnvelopes)}, acknowledged {expected.Count}, failed while C was down or dying {refusedWhileDown}, " +
                         $"stored {stored.Count} in {watch.Elapsed.TotalSeconds:0.0} s");
        refusedWhileDown.ShouldBeGreaterThan(0, "the kills landed while the senders were loading node C");
        stored.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("no event id is stored twice");
        expected.Except(stored).ShouldBeEmpty("every acknowledged envelope is stored");
        // Envelopes whose answer was lost in a kill may be stored too (confirmed, then the connection cut): never twice.
        stored.Count.ShouldBeGreaterThanOrEqualTo(expected.Count);
        (await observer.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count))).ShouldBe(stored.Count,
            "issue counts equal the events stored: a redelivered envelope counted nothing again");
        // A session is only counted, with no id to find it by: a message digested again after its acknowledgement was lost
        // in a kill would count it twice while its event, found by id, stays once. Only the digested-message ledger stops that.
        await PollAsync(async () =>
        {
            var (events, sessions) = await observer.WithDbAsync(async db => (
                await db.Events.CountAsync(e => e.ProjectId == projectId),
                await db.ItemOutcomes.Where(o => o.ProjectId == projectId && o.Category == "session").SumAsync(o => o.Quantity)));
            sessions.ShouldBeLessThanOrEqualTo((long)events, "a redelivered message counted its session again");
            return sessions == events;
        }, watch, () => "the sessions counted never matched the events stored");
    }

    /// <summary>A session update travelling with the event in one envelope, so in one queue message.</summary>
    private static (string Header, string Body) Session(string id) => ("{\"type\":\"session\"}", $"{{\"sid\":\"{id}\",\"status\":\"ok\"}}");

    /// <summary>Polls <paramref name="done"/> until it holds or the test's deadline passes.</summary>
    private static async Task PollAsync(Func<Task<bool>> done, Stopwatch watch, Func<string> failure)
    {
        while (!await done())
        {
            if (watch.Elapsed > Deadline) throw new TimeoutException($"not within {Deadline} ({watch.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s): {failure()}");
            await Task.Delay(50);
        }
    }
}
