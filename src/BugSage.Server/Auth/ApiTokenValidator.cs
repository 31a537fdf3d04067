using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using BugSage.Core.Accounts;
using BugSage.Core.Caching;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Auth;

/// <summary>
/// Turns a personal API token into an identity with its scopes. Lookups are cached for a few
/// seconds: a token revoked on this node fails on its next request (<see cref="ForgetAsync"/>),
/// on other nodes within <see cref="CacheLifetime"/>; last-used time is written at most once a
/// minute per token.
/// </summary>
public sealed class ApiTokenValidator(IServiceScopeFactory scopes, MeteredCache cache, TimeProvider clock)
{
    /// <summary>The claim naming the token, which tells its requests apart from its owner's other tokens and sessions.</summary>
    public const string TokenIdClaim = "token_id";

    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private static readonly HybridCacheEntryOptions EntryOptions = new() { Expiration = CacheLifetime, LocalCacheExpiration = CacheLifetime };
    private static readonly string[] Tags = [CacheTags.ApiTokens];

    // Immutable and sealed: the cache hands the same instance to every request instead of a copy.
    [ImmutableObject(true)]
    private sealed record Entry(long TokenId, long UserId, string Email, string Name, string[] Scopes, DateTime? ExpiresAt, DateTime? LastUsedAt);

    public async Task<ClaimsIdentity?> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length > 100) return null;
        var key = CacheKey(SecretTokens.Hash(token));
        var entry = await cache.GetOrLoadAsync("api_tokens", key, (scopes, key), static (s, c) => LoadAsync(s.scopes, s.key, c), EntryOptions, Tags, ct);
        var utcNow = clock.GetUtcNow().UtcDateTime;
        if (entry is null || entry.ExpiresAt <= utcNow) return null;
        if (entry.LastUsedAt is null || utcNow - entry.LastUsedAt > LastUsedResolution)
        {
            await cache.SetAsync(key, entry with { LastUsedAt = utcNow }, EntryOptions, Tags, ct);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().ApiTokens
                .Where(t => t.Id == entry.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, utcNow), ct);
        }
        var identity = new ClaimsIdentity(BearerAuthenticationHandler.ApiTokenType, JwtRegisteredClaimNames.Name, null);
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Sub, entry.UserId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Email, entry.Email));
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Name, entry.Name));
        identity.AddClaim(new Claim(TokenIdClaim, entry.TokenId.ToString(CultureInfo.InvariantCulture)));
        foreach (var s in entry.Scopes) identity.AddClaim(new Claim(AccessScope.ScopeClaim, s));
        return identity;
    }

    /// <summary>Forgets a token at once on this node (after it was revoked here), so its next request is refused.</summary>
    public static ValueTask ForgetAsync(MeteredCache cache, string tokenHash) => cache.ForgetAsync(CacheKey(tokenHash));

    private static string CacheKey(string tokenHash) => "api-token:" + tokenHash;

    private static async ValueTask<Entry?> LoadAsync(IServiceScopeFactory scopes, string key, CancellationToken ct)
    {
        var hash = key["api-token:".Length..];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await (from t in db.ApiTokens.AsNoTracking()
                         join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                         where t.TokenHash == hash && t.RevokedAt == null
                         select new { t.Id, t.UserId, u.Email, u.Name, t.Scopes, t.ExpiresAt, t.LastUsedAt }).FirstOrDefaultAsync(ct);
        return row is null ? null : new Entry(row.Id, row.UserId, row.Email, row.Name,
            row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.ExpiresAt, row.LastUsedAt);
    }
}
