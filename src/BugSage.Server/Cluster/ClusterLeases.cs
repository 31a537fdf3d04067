using System.Collections.Concurrent;
using BugSage.Core.Cluster;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Cluster;

/// <summary>
/// The periodic jobs' leases in PostgreSQL (<c>cluster_leases</c>). Taking and renewing are one statement: an upsert
/// whose update applies only when this node already holds the row or its lease has run out, so that of two nodes racing
/// for a free lease one changes the row and the other changes nothing. <see cref="ClusterLeaseKeeper"/> renews what this
/// node holds and takes over what another node let lapse; a stop releases them once the rounds in progress are over.
/// Expiry is the database's time (<c>now()</c>), the one clock every node shares: a node whose own clock runs ahead
/// cannot find a lease run out early and take it. How long a node trusts its own lease is measured on its own clock, from
/// before it asked, so skew between the two never makes it trust longer than the database holds the lease.
/// </summary>
public sealed class ClusterLeases(IServiceScopeFactory scopes, NodeIdentity node, ClusterOptions options, TimeProvider clock, ILogger<ClusterLeases> log)
    : IJobLeadership
{
    // The jobs this node runs (asked at least once), and until when it holds each lease it holds.
    private readonly ConcurrentDictionary<string, DateTime?> jobs = new();

    // Rounds running now, and whether the node is stopping (no round starts then); guarded by the lock.
    private readonly Lock gate = new();
    private int running;
    private bool stopping;
    private readonly TaskCompletionSource roundsOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? releasing;

    /// <summary>How long a lease lasts without renewal: how long a dead node's jobs wait for another node.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(options.JobLeaseSeconds);

    /// <summary>The jobs this node leads now: those whose lease it holds with at least a third of it left.</summary>
    public IReadOnlyList<string> Held => [.. jobs.Where(j => Trusted(j.Value)).Select(j => j.Key).Order(StringComparer.Ordinal)];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async ValueTask<bool> LeadsAsync(string job, CancellationToken ct)
    {
        // A holder trusts its lease only while a third of it is left: the keeper renews well before, and a node that
        // could not renew for that long stops before another node may take the job over.
        if (jobs.TryGetValue(job, out var until) && Trusted(until)) return true;
        jobs.TryAdd(job, null);
        return await TakeOrRenewAsync(job, ct);
    }

    public async Task<bool> RunIfLeadingAsync(string job, Func<CancellationToken, Task> round, CancellationToken ct)
    {
        if (!await LeadsAsync(job, ct)) return false;
        lock (gate)
        {
            if (stopping) return false;
            running++;
        }
        try
        {
            await round(ct);
            return true;
        }
        finally
        {
            lock (gate)
                if (--running == 0 && stopping) roundsOver.TrySetResult();
        }
    }

    /// <summary>One round of the keeper: renews each lease this node holds and takes each that has run out.</summary>
    public async Task KeepAsync(CancellationToken ct)
    {
        foreach (var job in jobs.Keys)
        {
            try { await TakeOrRenewAsync(job, ct); }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The lease runs out on its own if this goes on; until then this node may still lead.
                log.LogWarning(e, "Could not renew the lease of {Job}", job);
            }
        }
    }

    /// <summary>
    /// Gives up every lease this node holds, so that another node takes its jobs over without waiting: first no round
    /// starts and the rounds in progress finish, then the leases go (released earlier, another node's round could overlap one here).
    /// Every call waits for the one release: a host stopped twice (a test host is) once returned from its second stop
    /// while the first was still deleting the leases, and the next node found them held.
    /// </summary>
    public Task ReleaseAsync(CancellationToken ct)
    {
        Task release;
        lock (gate)
        {
            stopping = true;
            if (running == 0) roundsOver.TrySetResult();
            // The release itself is not the first caller's to cancel: a later stop would find it cancelled and not retry.
            release = releasing ??= GiveBackAsync(CancellationToken.None);
        }
        return release.WaitAsync(ct);
    }

    private async Task GiveBackAsync(CancellationToken ct)
    {
        // Off the caller's thread, so that nothing below runs while the gate is held.
        await Task.Yield();
        await roundsOver.Task.WaitAsync(ct);
        var held = jobs.Where(j => j.Value is not null).Select(j => j.Key).ToList();
        if (held.Count == 0) return;
        foreach (var job in held) jobs[job] = null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var released = await db.ClusterLeases.Where(l => l.Holder == node.Id && held.Contains(l.Name)).ExecuteDeleteAsync(ct);
        log.LogInformation("Released {Count} job lease(s): {Jobs}", released, string.Join(", ", held));
    }

    private bool Trusted(DateTime? until) => until - Lease / 3 > Now;

    private async Task<bool> TakeOrRenewAsync(string job, CancellationToken ct)
    {
        // Read before asking: the database's lease starts no earlier than this, so trusting it until then + Lease is safe.
        var now = Now;
        var expires = now + Lease;
        var seconds = options.JobLeaseSeconds;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        lock (gate)
            if (stopping) return false;
        var changed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO cluster_leases (name, holder, expires_at) VALUES ({job}, {node.Id}, now() + make_interval(secs => {seconds}))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at < now()
            """, ct);
        var held = changed == 1;
        var before = jobs.TryGetValue(job, out var was) && was > now;
        jobs[job] = held ? expires : null;
        if (held && !before) log.LogInformation("Node {Node} leads {Job} now", node.Id, job);
        if (!held && before) log.LogWarning("Node {Node} lost the lease of {Job} to another node", node.Id, job);
        return held;
    }
}
