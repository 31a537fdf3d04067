using System.Collections.Concurrent;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Ingestion;

/// <summary>What ingestion needs to know of a DSN key.</summary>
public sealed record KeyInfo(long KeyId, long ProjectId, bool IsActive, int? RateLimitPerMinute);

/// <summary>
/// Keeps DSN keys in memory so the ingest path makes no database round trip per request.
/// Entries expire after a few seconds, so a revoked key stops working promptly on every node.
/// </summary>
public sealed class ProjectKeyCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (KeyInfo? Info, long LoadedAt)> entries = new(StringComparer.Ordinal);

    public async ValueTask<KeyInfo?> FindAsync(string publicKey, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        if (entries.TryGetValue(publicKey, out var entry) && clock.GetElapsedTime(entry.LoadedAt, now) < Lifetime)
            return entry.Info;
        if (publicKey.Length > 64) return null;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var info = await db.ProjectKeys.AsNoTracking()
            .Where(k => k.PublicKey == publicKey)
            .Select(k => new KeyInfo(k.Id, k.ProjectId, k.IsActive, k.RateLimitPerMinute))
            .FirstOrDefaultAsync(ct);
        // Unknown keys are cached too, so a flood of bad keys cannot become a flood of queries.
        if (entries.Count > 100_000) entries.Clear();
        entries[publicKey] = (info, now);
        return info;
    }

    /// <summary>Forgets a key at once on this node (after a change made here).</summary>
    public void Invalidate(string publicKey) => entries.TryRemove(publicKey, out _);
}
