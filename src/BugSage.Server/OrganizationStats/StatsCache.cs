using BugSage.Core.Caching;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using Microsoft.Extensions.Caching.Hybrid;

namespace BugSage.Server.OrganizationStats;

/// <summary>
/// Keeps each organization's answer for a few seconds. Any live event (a new or changed issue, an analysis's
/// progress) makes every kept answer stale on this node, since an event names its project, not its organization;
/// a change to one organization's models drops that organization's answer.
/// </summary>
public sealed class StatsCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private static readonly HybridCacheEntryOptions EntryOptions = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };
    private readonly MeteredCache cache;
    private readonly IServiceScopeFactory scopes;
    private readonly IDisposable subscription;

    public StatsCache(LiveNotifier notifier, MeteredCache cache, IServiceScopeFactory scopes)
    {
        this.cache = cache;
        this.scopes = scopes;
        // Only the events published here: the forget itself reaches the other nodes, so they need not answer each other's events.
        subscription = notifier.SubscribePublished(_ => cache.ForgetTagAsync(CacheTags.AllOrgStats));
    }

    public ValueTask<StatsDto> GetAsync(long orgId, Func<AppDbContext, CancellationToken, Task<StatsDto>> compute, CancellationToken ct) =>
        cache.GetOrLoadAsync("org_stats", $"org-stats:{orgId}", (compute, scopes), static async (s, token) =>
        {
            // The load may outlive the request that started it (others wait on it): it reads through a context of its own.
            await using var scope = s.scopes.CreateAsyncScope();
            return await s.compute(scope.ServiceProvider.GetRequiredService<AppDbContext>(), token);
        }, EntryOptions, [CacheTags.AllOrgStats, CacheTags.OrgStats(orgId)], ct);

    /// <summary>For changes that are not live events (a model configured): drop the organization's kept answer.</summary>
    public ValueTask InvalidateAsync(long orgId) => cache.ForgetTagAsync(CacheTags.OrgStats(orgId));

    public void Dispose() => subscription.Dispose();
}
