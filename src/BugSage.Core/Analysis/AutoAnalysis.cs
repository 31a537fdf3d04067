using System.Threading.Channels;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Analysis;

/// <summary>
/// Analyses issues on its own, as the organization's autofix policy allows: the policy is on and
/// its ceiling is at least analysis, the issue has the minimum number of events and no analysis
/// yet, the organization is under its hourly limit, and the offline engine's estimate of how
/// fixable the error is reaches the analysis floor. Issues are considered as the digest
/// announces them (new, updated, regressed), on the node that digested them. When an analysis finds the error fixable enough
/// for the code-change tier (and the ceiling allows code), a fix session follows, once per issue.
/// </summary>
public sealed class AutoAnalysis(
    WorkerServices services, LiveNotifier notifier, AnalysisWorker worker, Autofix.Sessions.FixSessionWorker fixes, ILogger<AutoAnalysis> logger)
    : SupervisedWorker(services, logger, "auto-analysis")
{
    public const string RequestedBy = "policy";
    // Each issue waits here at most once (per kind): a busy issue announced by batch after batch while it waits is weighed
    // once, with the state it has by then. Bounded by the set, not the channel, so that a dropped id is not also left in it.
    private const int MostPending = 10_000;
    private readonly Channel<(bool Fix, long IssueId)> pending = Channel.CreateUnbounded<(bool, long)>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(bool Fix, long IssueId), byte> waiting = new();
    private int waitingCount; // kept beside the set: its own Count takes every lock, on every announcement
    private readonly ConsiderationMemo memo = new(services.Clock);
    private readonly OfflineEngine offline = new(KnowledgeBase.Default);
    private IDisposable? subscription;

    /// <summary>Queues an analysis of the issue if the policy allows one now; true when it did.</summary>
    public async Task<bool> ConsiderAsync(long issueId, CancellationToken ct) => (await DecideAsync(issueId, ct)).Decision == Consideration.Queued;

    /// <summary>Queues an analysis of the issue if the policy allows one now, and says why it did or did not.</summary>
    public async Task<(Consideration Decision, DateTimeOffset? HourFreesAt)> DecideAsync(long issueId, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var issue = await db.Issues.AsNoTracking().FirstOrDefaultAsync(i => i.Id == issueId, ct);
        if (issue is null) return (Consideration.Gone, null);
        if (await db.IssueAnalyses.AnyAsync(a => a.IssueId == issueId, ct)) return (Consideration.Analysed, null);
        var orgId = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
        var policy = AutofixPolicy.Of(await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct));
        if (!policy.Enabled || policy.AutomationCeiling == "none") return (Consideration.PolicyOff, null);
        if (issue.Count < policy.MinimumEvents) return (Consideration.TooFewEvents, null);

        var hourAgo = Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var recentRuns = from a in db.IssueAnalyses
                         join p in db.Projects on a.ProjectId equals p.Id
                         where p.OrganizationId == orgId && a.RequestedBy == RequestedBy && a.CreatedAt >= hourAgo
                         select a;
        if (await recentRuns.CountAsync(ct) >= policy.MaxAutomaticRunsPerHour) return (Consideration.HourSpent, await HourFreesAtAsync(recentRuns, ct));

        var latest = await db.Events.AsNoTracking().Where(e => e.IssueId == issueId).OrderByDescending(e => e.Timestamp).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        if (latest is null) return (Consideration.NoEvent, null);
        var estimate = offline.Analyze(new AnalysisInput(EventJson.Decompress(latest), issue.Count, issue.UserCount, "steady"));
        if (estimate.Fixability < policy.AnalysisFloor) return (Consideration.NotFixable, null);

        // Counted again under the organization's lock: the count above lets two nodes pass the last place of the hour together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockOrganizationAsync(db, orgId, ct);
        if (await recentRuns.CountAsync(ct) >= policy.MaxAutomaticRunsPerHour) return (Consideration.HourSpent, await HourFreesAtAsync(recentRuns, ct));
        db.IssueAnalyses.Add(new IssueAnalysis { IssueId = issueId, ProjectId = issue.ProjectId, RequestedBy = RequestedBy, CreatedAt = Clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node (or an earlier announcement) queued it first: one per issue, by the unique index. Any other
            // failure (a full disk, a lost connection) stands, and is not remembered: the next announcement tries again.
            if (await AnalysedAsync(issueId, ct)) return (Consideration.Analysed, null);
            throw;
        }
        worker.Wake();
        return (Consideration.Queued, null);
    }

    // Read afresh: the failed transaction's context cannot be asked.
    private async Task<bool> AnalysedAsync(long issueId, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().IssueAnalyses.AnyAsync(a => a.IssueId == issueId, ct);
    }

    // When the oldest automatic run of the past hour leaves it, and with it a place; none when the limit is zero.
    private static async Task<DateTimeOffset?> HourFreesAtAsync(IQueryable<IssueAnalysis> recentRuns, CancellationToken ct) =>
        await recentRuns.OrderBy(a => a.CreatedAt).Select(a => (DateTime?)a.CreatedAt).FirstOrDefaultAsync(ct) is { } oldest
            ? new DateTimeOffset(DateTime.SpecifyKind(oldest, DateTimeKind.Utc)).AddHours(1)
            : null;

    /// <summary>Queues a fix session for the issue if its latest analysis reaches the code-change tier; true when it did.</summary>
    public async Task<bool> ConsiderFixAsync(long issueId, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var analysis = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId && a.Status == AnalysisStatus.Done).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        if (analysis?.Result is null || await db.FixSessions.AnyAsync(s => s.IssueId == issueId, ct)) return false;
        var orgId = await db.Projects.Where(p => p.Id == analysis.ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
        var policy = AutofixPolicy.Of(await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct));
        if (!policy.Enabled || policy.AutomationCeiling is not ("code" or "pull-request") || !policy.RequireValidation) return false;
        var result = System.Text.Json.JsonSerializer.Deserialize<ErrorAnalysisResult>(analysis.Result, AnalysisWorker.Json);
        if (result is null || result.Fixability < policy.CodeChangeFloor) return false;
        var hourAgo = Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockOrganizationAsync(db, orgId, ct);
        if (await db.FixSessions.CountAsync(s => s.OrganizationId == orgId && s.RequestedBy == RequestedBy && s.CreatedAt >= hourAgo, ct) >= policy.MaxAutomaticRunsPerHour) return false;
        db.FixSessions.Add(new Autofix.Sessions.FixSession
        {
            IssueId = issueId, ProjectId = analysis.ProjectId, OrganizationId = orgId, RequestedBy = RequestedBy, CreatedAt = Clock.GetUtcNow().UtcDateTime,
            // The top tier: a validated fix goes out as a pull request for a person to review and merge.
            ShipWhenValidated = policy.AutomationCeiling == "pull-request" && result.Fixability >= policy.PullRequestFloor,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false; // another node started it first
        }
        fixes.Wake();
        return true;
    }

    /// <summary>
    /// Holds the organization's automatic work for the rest of the transaction on PostgreSQL, so that the hourly limit is
    /// counted and used by one node at a time; SQLite has one writer, and this node considers one issue at a time.
    /// </summary>
    private static async Task LockOrganizationAsync(AppDbContext db, long orgId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({OrganizationLockSpace}, {(int)(orgId % int.MaxValue)})", ct);
    }

    // The first half of a two-part advisory lock key: automatic analysis's own space, apart from other locks.
    private const int OrganizationLockSpace = 0x42530041;

    /// <summary>Considers every issue and analysis announced so far, now; returns how many analyses and sessions it queued. Tests call it with background work off.</summary>
    public async Task<int> ConsiderPendingAsync(CancellationToken ct)
    {
        var queued = 0;
        while (pending.Reader.TryRead(out var item))
            if (await ConsiderOneAsync(item.Fix, item.IssueId, ct)) queued++;
        return queued;
    }

    /// <summary>An organization's policy changed on this node: issues resting under the old one are weighed again when next announced.</summary>
    public void PolicyChanged() => memo.ForgetRests();

    private void Announce(bool fix, long issueId, bool regressed = false)
    {
        if (!fix && !memo.Worth(issueId, regressed)) return;
        if (Volatile.Read(ref waitingCount) >= MostPending || !waiting.TryAdd((fix, issueId), 0)) return;
        Interlocked.Increment(ref waitingCount);
        pending.Writer.TryWrite((fix, issueId));
    }

    // Listening starts with the host, before any event is digested, so no announcement is missed. Only this node's own
    // announcements: in a cluster every node also hears the others' (for its clients), and a trigger considered on each
    // node would do the work N times and let N nodes pass the hourly limit together. The node that digested the event
    // (or finished the analysis) considers it, once.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        subscription ??= notifier.SubscribePublished(e =>
        {
            if (e.IssueId is { } id && e.Name is "issue.created" or "issue.updated" or "issue.regressed") Announce(false, id, e.Name == "issue.regressed");
            if (e.IssueId is { } analysed && e.Name == "analysis.completed") Announce(true, analysed);
            return ValueTask.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!Services.Options.Value.RunInBackground) return;
        await foreach (var (fix, issueId) in pending.Reader.ReadAllAsync(stoppingToken))
            await ConsiderOneAsync(fix, issueId, stoppingToken);
    }

    private async Task<bool> ConsiderOneAsync(bool fix, long issueId, CancellationToken ct)
    {
        // Out of the waiting set before it is weighed: an announcement from now on may be of a state this weighing misses.
        if (waiting.TryRemove((fix, issueId), out _)) Interlocked.Decrement(ref waitingCount);
        try
        {
            bool queued;
            if (fix) queued = await ConsiderFixAsync(issueId, ct);
            else
            {
                // Decided under the policy of this moment: a policy saved meanwhile makes the decision too old to remember.
                var generation = memo.Generation;
                var (decision, hourFreesAt) = await DecideAsync(issueId, ct);
                memo.Remember(issueId, decision, generation, hourFreesAt);
                Services.Metrics.AutoAnalysisDecisions.Add(1, new KeyValuePair<string, object?>("decision", DecisionLabel(decision)));
                queued = decision == Consideration.Queued;
            }
            ReportProgress();
            return queued;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            // One issue's trouble (its event, the database for a moment) is not the next issue's.
            Services.Metrics.WorkItemsFailed.Add(1, new KeyValuePair<string, object?>("worker", Name));
            logger.LogWarning(e, "Automatic analysis of issue {Issue} not considered", issueId);
            return false;
        }
    }

    private static string DecisionLabel(Consideration decision) => decision switch
    {
        Consideration.Queued => "queued",
        Consideration.Gone => "gone",
        Consideration.Analysed => "analysed",
        Consideration.PolicyOff => "policy_off",
        Consideration.TooFewEvents => "too_few_events",
        Consideration.HourSpent => "hour_spent",
        Consideration.NotFixable => "not_fixable",
        Consideration.NoEvent => "no_event",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public override void Dispose()
    {
        subscription?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
