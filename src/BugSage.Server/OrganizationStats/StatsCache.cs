using BugSage.Core.Caching;
using BugSage.Core.Processing;

namespace BugSage.Server.OrganizationStats;

/// <summary>Keeps each organization's answer for a few seconds; any live event makes every kept answer stale.</summary>
public sealed class StatsCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private readonly ExpiringCache<long, StatsDto> entries;
    private readonly IDisposable subscription;

    public StatsCache(LiveNotifier notifier, TimeProvider clock)
    {
        entries = new(Lifetime, 10_000, clock);
        subscription = notifier.Subscribe(_ =>
        {
            entries.ForgetAll();
            return ValueTask.CompletedTask;
        });
    }

    public async Task<StatsDto> GetAsync(long orgId, Func<Task<StatsDto>> compute) => await entries.GetAsync(orgId, _ => compute());

    /// <summary>For changes that are not live events (a model configured): drop every kept answer.</summary>
    public void Invalidate() => entries.ForgetAll();

    public void Dispose() => subscription.Dispose();
}
