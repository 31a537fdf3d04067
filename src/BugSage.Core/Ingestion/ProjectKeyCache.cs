using System.ComponentModel;
using BugSage.Core.Caching;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Ingestion;

/// <summary>What ingestion needs to know of a DSN key.</summary>
/// <param name="SentryProjectId">The Sentry project number an imported key's DSNs name, accepted in place of <paramref name="ProjectId"/>.</param>
// Immutable and sealed: the cache hands out the same instance to every reader instead of a copy per lookup.
[ImmutableObject(true)]
public sealed record KeyInfo(long KeyId, long ProjectId, bool IsActive, int? RateLimitPerMinute, long? SentryProjectId = null)
{
    /// <summary>Whether a request to <c>/api/{projectId}/…</c> may use this key: its project's id, or the Sentry number it was imported with.</summary>
    public bool Serves(long projectId) => ProjectId == projectId || SentryProjectId == projectId;
}

/// <summary>
/// Keeps DSN keys in the cache so the ingest path makes no database round trip per request. A change made on this node
/// is seen on its next request (<see cref="ForgetAsync"/>); other nodes see it once their entry lapses
/// (<see cref="Lifetime"/>), so a revoked key stops working promptly everywhere.
/// </summary>
public sealed class ProjectKeyCache(IServiceScopeFactory scopes, MeteredCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };
    private static readonly string[] Tags = [CacheTags.DsnKeys];

    // Unknown keys are kept too (as null), so a flood of bad keys cannot become a flood of queries.
    public ValueTask<KeyInfo?> FindAsync(string publicKey, CancellationToken ct) =>
        publicKey.Length > 64
            ? ValueTask.FromResult<KeyInfo?>(null)
            : cache.GetOrLoadAsync("dsn_keys", CacheKey(publicKey), (scopes, publicKey), static (s, token) => LoadAsync(s.scopes, s.publicKey, token), Entry, Tags, ct);

    private static async ValueTask<KeyInfo?> LoadAsync(IServiceScopeFactory scopes, string publicKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ProjectKeys.AsNoTracking()
            .Where(k => k.PublicKey == publicKey)
            .Select(k => new KeyInfo(k.Id, k.ProjectId, k.IsActive, k.RateLimitPerMinute, k.SentryProjectId))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Forgets a key at once on this node (after a change made here: created, changed, rotated, revoked, deleted).</summary>
    public ValueTask ForgetAsync(string publicKey) => cache.ForgetAsync(CacheKey(publicKey));

    private static string CacheKey(string publicKey) => "dsn:" + publicKey;
}
