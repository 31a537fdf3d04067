using BugSage.Core.Processing.Supervision;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;


namespace BugSage.Core.Issues;

/// <summary>
/// An unresolved issue is <c>new</c> for its first seven days, then <c>ongoing</c>. Runs hourly
/// (idempotent; in a cluster on the node holding its lease), and is the one place that rule lives.
/// </summary>
public sealed class IssueAging(WorkerServices services, ILogger<IssueAging> logger) : PeriodicWorker(services, logger, "issue-aging")
{
    public static readonly TimeSpan NewFor = TimeSpan.FromDays(7);

    /// <summary>Moves issues past their first week from new to ongoing; returns how many.</summary>
    public async Task<int> AgeAsync(CancellationToken ct)
    {
        var cutoff = Clock.GetUtcNow().UtcDateTime - NewFor;
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var aged = db.Database.IsNpgsql()
            // In id order, as every writer of issues takes them (IssueLocks): an UPDATE alone takes its rows in scan order,
            // and could hold one a digest waits for while it waits for one the digest holds.
            ? await db.Database.ExecuteSqlAsync($"""
                UPDATE issues SET substatus = {IssueSubstatus.Ongoing} WHERE id IN (
                  SELECT id FROM issues WHERE status = {IssueStatus.Unresolved} AND substatus = {IssueSubstatus.New} AND first_seen < {cutoff}
                  ORDER BY id FOR NO KEY UPDATE)
                """, ct)
            : await db.Issues
                .Where(i => i.Status == IssueStatus.Unresolved && i.Substatus == IssueSubstatus.New && i.FirstSeen < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Substatus, IssueSubstatus.Ongoing), ct);
        if (aged > 0) await scope.ServiceProvider.GetRequiredService<Caching.IssueListChanges>().ForgetAllAsync();
        return aged;
    }

    protected override TimeSpan Period => TimeSpan.FromHours(1);

    protected override Task RunRoundAsync(CancellationToken ct) => AgeAsync(ct);
}
