using BugSage.Core.Analysis;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// Two nodes over one queue: a slow but live node keeps its work by renewing the lease; a node
/// whose lease ran out (its renewals did not reach the database for a while) is told when another
/// node has taken the item over, and its writes to the item are refused, so the item is finished once.
/// </summary>
public sealed class LeaseLossTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    /// <summary>A worker whose run waits until the test lets it go, recording what it was told.</summary>
    private sealed class PausedWorker(WorkerServices services, string name) : QueuedWorker<IssueAnalysis>(services, NullLogger.Instance, name)
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken Token { get; private set; }
        public bool Saved { get; private set; }

        protected override DbSet<IssueAnalysis> Queue(AppDbContext db) => db.IssueAnalyses;

        protected override async Task RunAsync(long id, CancellationToken ct)
        {
            Token = ct;
            await using var scope = Services.Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var analysis = await db.IssueAnalyses.SingleAsync(a => a.Id == id, CancellationToken.None);
            Started.TrySetResult();
            await Release.Task;
            analysis.Status = AnalysisStatus.Done;
            analysis.Engine = Name;
            await db.SaveChangesAsync(CancellationToken.None);
            Saved = true;
        }
    }

    private static PausedWorker Node(BugSageFactory app, string nodeId) => new(app.Services.GetRequiredService<WorkerServices>() with
    {
        Node = new NodeIdentity(Options.Create(new BugSageOptions { NodeId = nodeId })),
        Options = Options.Create(new WorkerOptions { LeaseSeconds = (int)Lease.TotalSeconds }),
    }, nodeId);

    [Fact]
    public async Task A_node_that_lost_its_lease_is_told_and_its_result_is_refused()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var id = await QueueAsync(app);
        var nodeA = Node(app, "node-a");
        var nodeB = Node(app, "node-b");
        var runA = nodeA.RunQueuedAsync(CancellationToken.None);
        await nodeA.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Node A's renewals did not reach the database for a lease's length: its lease ran out, and node B takes the item.
        await app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        nodeB.Release.SetResult();
        (await nodeB.RunQueuedAsync(CancellationToken.None)).ShouldBe(1);

        // Node A's next renewal finds the item is node B's: A's run is cancelled, and what it writes is refused.
        await PollAsync(() => nodeA.Token.IsCancellationRequested, "node A was never told it lost the item");
        nodeA.Release.SetResult();
        (await runA).ShouldBe(1);
        nodeA.Saved.ShouldBeFalse();
        var analysis = await app.WithDbAsync(db => db.IssueAnalyses.AsNoTracking().SingleAsync(a => a.Id == id));
        (analysis.Status, analysis.Engine, analysis.LeaseOwner, analysis.Attempts).ShouldBe((AnalysisStatus.Done, "node-b", "node-b", 2));
    }

    [Fact]
    public async Task A_slow_node_keeps_its_work_by_renewing_the_lease()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var id = await QueueAsync(app);
        var nodeA = Node(app, "node-a");
        var runA = nodeA.RunQueuedAsync(CancellationToken.None);
        await nodeA.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var first = await LeaseExpiryAsync(app, id);

        // Past the first lease's end, the lease has been renewed and no other node may take the item.
        await PollAsync(() => DateTime.UtcNow > first.AddSeconds(1), "the first lease did not end");
        (await LeaseExpiryAsync(app, id)).ShouldBeGreaterThan(first);
        (await Node(app, "node-b").RunQueuedAsync(CancellationToken.None)).ShouldBe(0);

        nodeA.Release.SetResult();
        await runA;
        nodeA.Token.IsCancellationRequested.ShouldBeFalse();
        nodeA.Saved.ShouldBeTrue();
        (await app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.Id == id).Select(a => a.Engine).SingleAsync())).ShouldBe("node-a");
    }

    private static Task<DateTime> LeaseExpiryAsync(BugSageFactory app, long id) =>
        app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.Id == id).Select(a => a.LeaseExpiresAt!.Value).SingleAsync());

    /// <summary>An analysis queued straight in the table, so that only the test's nodes run it.</summary>
    private static async Task<long> QueueAsync(BugSageFactory app)
    {
        await app.SendErrorsAsync("getUser", 1);
        return await app.WithDbAsync(async db =>
        {
            var issue = await db.Issues.SingleAsync();
            var analysis = new IssueAnalysis { IssueId = issue.Id, ProjectId = issue.ProjectId, RequestedBy = "test", CreatedAt = DateTime.UtcNow };
            db.IssueAnalyses.Add(analysis);
            await db.SaveChangesAsync();
            return analysis.Id;
        });
    }

    private static async Task PollAsync(Func<bool> done, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure);
            await Task.Delay(50);
        }
    }
}
