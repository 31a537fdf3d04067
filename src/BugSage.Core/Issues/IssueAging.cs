using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Issues;

/// <summary>
/// An unresolved issue is <c>new</c> for its first seven days, then <c>ongoing</c>. Runs hourly
/// (idempotent, so several nodes may run it), and is the one place that rule lives.
/// </summary>
public sealed class IssueAging(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IssueAging> logger) : BackgroundService
{
    public static readonly TimeSpan NewFor = TimeSpan.FromDays(7);

    /// <summary>Moves issues past their first week from new to ongoing; returns how many.</summary>
    public async Task<int> AgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - NewFor;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Issues
            .Where(i => i.Status == IssueStatus.Unresolved && i.Substatus == IssueSubstatus.New && i.FirstSeen < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Substatus, IssueSubstatus.Ongoing), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try { await AgeAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(e, "Ageing new issues failed; retrying in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
