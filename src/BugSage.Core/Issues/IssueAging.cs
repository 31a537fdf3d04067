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
        var aged = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Issues
            .Where(i => i.Status == IssueStatus.Unresolved && i.Substatus == IssueSubstatus.New && i.FirstSeen < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Substatus, IssueSubstatus.Ongoing), ct);
        if (aged > 0) await scope.ServiceProvider.GetRequiredService<Caching.IssueListChanges>().ForgetAllAsync();
        return aged;
    }

    protected override TimeSpan Period => TimeSpan.FromHours(1);

    protected override Task RunRoundAsync(CancellationToken ct) => AgeAsync(ct);
}
