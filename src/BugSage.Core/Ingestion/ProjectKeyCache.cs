using BugSage.Core.Caching;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Ingestion;

/// <summary>What ingestion needs to know of a DSN key.</summary>
/// <param name="SentryProjectId">The Sentry project number an imported key's DSNs name, accepted in place of <paramref name="ProjectId"/>.</param>
public sealed record KeyInfo(long KeyId, long ProjectId, bool IsActive, int? RateLimitPerMinute, long? SentryProjectId = null)
{
    /// <summary>Whether a request to <c>/api/{projectId}/…</c> may use this key: its project's id, or the Sentry number it was imported with.</summary>
    public bool Serves(long projectId) => ProjectId == projectId || SentryProjectId == projectId;
}

/// <summary>
/// Keeps DSN keys in memory so the ingest path makes no database round trip per request.
/// Entries expire after a few seconds, so a revoked key stops working promptly on every node.
/// </summary>
public sealed class ProjectKeyCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    // Unknown keys are kept too, so a flood of bad keys cannot become a flood of queries.
    private readonly ExpiringCache<string, KeyInfo?> entries = new(Lifetime, 100_000, clock, StringComparer.Ordinal);

    public async ValueTask<KeyInfo?> FindAsync(string publicKey, CancellationToken ct) =>
        publicKey.Length > 64 ? null : await entries.GetAsync(publicKey, key => LoadAsync(key, ct));

    private async Task<KeyInfo?> LoadAsync(string publicKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ProjectKeys.AsNoTracking()
            .Where(k => k.PublicKey == publicKey)
            .Select(k => new KeyInfo(k.Id, k.ProjectId, k.IsActive, k.RateLimitPerMinute, k.SentryProjectId))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Forgets a key at once on this node (after a change made here).</summary>
    public void Invalidate(string publicKey) => entries.Forget(publicKey);
}
