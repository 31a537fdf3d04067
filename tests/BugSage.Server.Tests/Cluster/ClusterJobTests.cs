using System.Net;
using System.Net.Http.Json;
using BugSage.Core.Analysis;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Server.Cluster;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Work in a cluster happens once (docs/scale-out.md): a periodic job on the node holding its lease, automatic analysis on
/// the node that digested the trigger, an event retried to two nodes counted once. Two nodes on one PostgreSQL and one Redis;
/// time moves by hand and the workers are driven directly.
/// </summary>
public class ClusterJobTests
{
    private const int LeaseSeconds = 60;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(LeaseSeconds);

    [ClusterFact]
    public async Task A_periodic_job_runs_on_one_node_each_period_and_another_node_takes_it_over_once_the_leaders_lease_runs_out()
    {
        var clock = new ManualClock();
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:JobLeaseSeconds"] = $"{LeaseSeconds}" }, clock);
        var (agingA, agingB) = (cluster.A.Services.GetRequiredService<IssueAging>(), cluster.B.Services.GetRequiredService<IssueAging>());
        var (leasesA, leasesB) = (cluster.A.Services.GetRequiredService<ClusterLeases>(), cluster.B.Services.GetRequiredService<ClusterLeases>());

        // Three hourly ticks on both nodes, with both keepers renewing every third of a lease in between: A runs each round, B none.
        for (var period = 0; period < 3; period++)
        {
            (await agingA.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue($"period {period}: node A did not run its round");
            (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse($"period {period}: node B ran the round too");
            for (var passed = TimeSpan.Zero; passed < TimeSpan.FromHours(1); passed += Lease / 3)
            {
                clock.Advance(Lease / 3);
                await leasesA.KeepAsync(CancellationToken.None);
                await leasesB.KeepAsync(CancellationToken.None);
            }
        }
        (await HolderAsync(cluster, "issue-aging")).ShouldBe("node-a");

        // A stops renewing (it died). Before its lease runs out nobody runs the job: B may not, and A no longer trusts its lease.
        clock.Advance(Lease * 2 / 3);
        await leasesB.KeepAsync(CancellationToken.None);
        (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse("node B took the job while node A's lease still stood");
        leasesA.Held.ShouldBeEmpty("node A still trusts a lease it has not renewed for two thirds of its length");

        // Once the lease has run out (by the database's clock, which the nodes' clocks do not move), B's keeper takes it
        // over and B runs the rounds; A, were it back, runs none.
        clock.Advance(Lease / 3 + TimeSpan.FromSeconds(1));
        await RunOutAsync(cluster, "issue-aging");
        await leasesB.KeepAsync(CancellationToken.None);
        leasesB.Held.ShouldBe(["issue-aging"]);
        (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue("node B did not take the job over");
        (await agingA.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse("node A ran the job after losing its lease");
        (await HolderAsync(cluster, "issue-aging")).ShouldBe("node-b");
    }

    [ClusterFact]
    public async Task A_node_that_stops_hands_its_periodic_jobs_to_the_other_at_once()
    {
        var clock = new ManualClock();
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:JobLeaseSeconds"] = $"{LeaseSeconds}" }, clock);
        var (agingA, agingB) = (cluster.A.Services.GetRequiredService<IssueAging>(), cluster.B.Services.GetRequiredService<IssueAging>());
        var (purgeA, purgeB) = (cluster.A.Services.GetRequiredService<BugSage.Core.Retention.EventPurger>(),
            cluster.B.Services.GetRequiredService<BugSage.Core.Retention.EventPurger>());
        (await agingA.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();
        (await purgeA.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();
        (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse();
        (await purgeB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse();

        // A rolling restart: A stops and gives its leases back, so B runs the jobs without waiting for them to run out.
        await cluster.A.DisposeAsync();
        (await HolderAsync(cluster, "issue-aging")).ShouldBeNull();
        (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue("node B waited for a lease node A had given back");
        (await purgeB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();
        (await HolderAsync(cluster, "event-purge")).ShouldBe("node-b");
    }

    [ClusterFact]
    public async Task A_node_whose_clock_runs_ahead_cannot_take_a_lease_the_database_still_holds_for_another()
    {
        var clock = new ManualClock();
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:JobLeaseSeconds"] = $"{LeaseSeconds}" }, clock);
        var (agingA, agingB) = (cluster.A.Services.GetRequiredService<IssueAging>(), cluster.B.Services.GetRequiredService<IssueAging>());
        (await agingA.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();

        // The nodes' clocks jump an hour ahead of the database's: by their own clocks A's lease ran out long ago.
        clock.Advance(TimeSpan.FromHours(1));
        await cluster.B.Services.GetRequiredService<ClusterLeases>().KeepAsync(CancellationToken.None);
        (await agingB.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse("node B took a lease by its own clock");
        (await HolderAsync(cluster, "issue-aging")).ShouldBe("node-a");
        var expires = await cluster.B.WithDbAsync(db => db.ClusterLeases.Where(l => l.Name == "issue-aging").Select(l => l.ExpiresAt).SingleAsync());
        (expires - DateTime.UtcNow).ShouldBeLessThanOrEqualTo(Lease, "the expiry is the database's time plus a lease, not a node's");
    }

    [ClusterFact]
    public async Task A_stopping_node_lets_its_running_round_finish_before_it_gives_the_lease_back()
    {
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:JobLeaseSeconds"] = $"{LeaseSeconds}" });
        var leasesA = cluster.A.Services.GetRequiredService<ClusterLeases>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = leasesA.RunIfLeadingAsync("slow-job", async _ => { entered.SetResult(); await finish.Task; }, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var release = leasesA.ReleaseAsync(CancellationToken.None);
        (await leasesA.RunIfLeadingAsync("slow-job", _ => Task.CompletedTask, CancellationToken.None)).ShouldBeFalse("a round started on a stopping node");
        release.IsCompleted.ShouldBeFalse("the lease went back while a round still ran");
        (await HolderAsync(cluster, "slow-job")).ShouldBe("node-a");

        finish.SetResult();
        (await round).ShouldBeTrue();
        await release.WaitAsync(TimeSpan.FromSeconds(20));
        (await HolderAsync(cluster, "slow-job")).ShouldBeNull();
    }

    [ClusterFact]
    public async Task Automatic_analysis_of_an_issue_seen_by_two_nodes_is_queued_and_run_once()
    {
        await using var cluster = await ClusterNodes.StartAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy")
        {
            Content = JsonContent.Create(new { automationCeiling = "analysis", analysisFloor = 0.0, minimumEvents = 1 }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await (await cluster.A.SignedInClientAsync()).SendAsync(put)).EnsureSuccessStatusCode();
        var heardOnB = new List<LiveEvent>();
        using var listening = cluster.B.Services.GetRequiredService<LiveNotifier>().Subscribe(e =>
        {
            lock (heardOnB) heardOnB.Add(e);
            return ValueTask.CompletedTask;
        });

        // Digested on A: B hears of the new issue (for its clients), but the trigger is A's to consider, not B's as well.
        await cluster.A.SendErrorsAsync("checkout", 1);
        await Waits.WithinAsync(TimeSpan.FromSeconds(5), () => { lock (heardOnB) return heardOnB.Any(e => e.Name == "issue.created"); }, "node B never heard of the issue");
        (await cluster.B.ConsiderAnnouncedAsync()).ShouldBe(0, "node B considered a trigger node A digested");

        // The same issue digested on B too: both nodes consider their own triggers at once, and one analysis is queued.
        await cluster.B.SendErrorsAsync("checkout", 1);
        var issueId = await cluster.A.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var queued = await Task.WhenAll(cluster.A.ConsiderAnnouncedAsync(), cluster.B.ConsiderAnnouncedAsync());
        queued.Sum().ShouldBe(1);
        (await cluster.A.WithDbAsync(db => db.IssueAnalyses.CountAsync(a => a.IssueId == issueId))).ShouldBe(1);

        // Both nodes' analysis workers look for work at once: one claims it and runs it.
        var ran = await Task.WhenAll(cluster.A.RunAnalysesAsync(), cluster.B.RunAnalysesAsync());
        ran.Sum().ShouldBe(1);
        (await cluster.A.WithDbAsync(db => db.IssueAnalyses.SingleAsync(a => a.IssueId == issueId))).Status.ShouldNotBe(AnalysisStatus.Queued);
    }

    [ClusterFact]
    public async Task An_event_retried_to_two_nodes_and_digested_on_both_at_once_is_stored_and_counted_once()
    {
        await using var cluster = await ClusterNodes.StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        (await Post(cluster.A, Envelopes.NewEventId())).ShouldBe(HttpStatusCode.OK);
        (await cluster.A.DigestAsync()).ShouldBe(1);

        // The SDK's first try reached A (its answer was lost), the retry reached B: one event in two inboxes.
        var retried = Envelopes.NewEventId();
        (await Post(cluster.A, retried)).ShouldBe(HttpStatusCode.OK);
        (await Post(cluster.B, retried)).ShouldBe(HttpStatusCode.OK);

        // Hold A's batch open just before its commit (its checkpoint row is taken), so that B's batch runs while A's has the
        // event written but not committed: the moment at which B used to find the id not stored yet and count it again.
        // The waiters are watched from a connection of its own: inside a transaction, PostgreSQL keeps showing the activity it first read.
        await using (var hold = await RowHold.TakeAsync(cluster.A.ConnectionString!, "SELECT 1 FROM inbox_checkpoints WHERE node_id = 'node-a' FOR UPDATE"))
        {
            var onA = cluster.A.DigestAsync();
            await hold.WaitersAsync(1, "node A's batch never reached its commit");
            var onB = cluster.B.DigestAsync();
            await hold.WaitersAsync(2, "node B's batch never waited for node A's");
            await hold.ReleaseAsync();
            (await onA).ShouldBe(1);
            (await onB).ShouldBe(1);
        }

        (await cluster.A.WithDbAsync(db => db.Events.CountAsync(e => e.EventId == retried))).ShouldBe(1);
        (await cluster.A.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).SumAsync(i => i.Count))).ShouldBe(2);
        (await cluster.A.WithDbAsync(db => db.EventHours.Where(h => h.ProjectId == projectId).SumAsync(h => h.Events))).ShouldBe(2);

        Task<HttpStatusCode> Post(BugSageFactory node, string eventId) => Envelopes.PostAsync(node.CreateClient(), projectId, key,
            Envelopes.Event(eventId, new { message = "Retried by the SDK" })).ContinueWith(t => t.Result.StatusCode);
    }

    /// <summary>The job's lease runs out now by the database's clock (its holder died a lease ago).</summary>
    private static Task RunOutAsync(ClusterNodes cluster, string job) =>
        cluster.B.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE cluster_leases SET expires_at = now() - interval '1 second' WHERE name = {job}"));

    private static Task<string?> HolderAsync(ClusterNodes cluster, string job) =>
        cluster.B.WithDbAsync(db => db.ClusterLeases.Where(l => l.Name == job).Select(l => l.Holder).FirstOrDefaultAsync());
}
