using System.Globalization;
using System.Security.Claims;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.LiveFeeds;

/// <summary>
/// Whether an open stream's reader (server-sent events, or a hub connection) may still see the project:
/// asked again before every event (and SSE heartbeat), since a stream outlives the request that opened it. Membership is read afresh, an API
/// token must still be unrevoked and unexpired, and a signed-in session's access token must not
/// have expired.
/// </summary>
public sealed class StreamAccess(IServiceScopeFactory scopes, TimeProvider clock)
{
    public Task<bool> StillAllowedAsync(HttpContext http, long projectId, CancellationToken ct) => StillAllowedAsync(http.User, projectId, ct);

    /// <summary>Whether <paramref name="user"/> is still signed in and may still read the project.</summary>
    public async Task<bool> StillAllowedAsync(ClaimsPrincipal user, long projectId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await StillSignedInAsync(scope.ServiceProvider, user, ct)) return false;
        var services = scope.ServiceProvider;
        // A fresh scope reads the caller's memberships again; the request's own cached them when the stream opened.
        var actor = new AccessScope(services.GetRequiredService<AppDbContext>(), new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = user, RequestServices = services } });
        return await services.GetRequiredService<Operations.ProjectAccess>().SeesProjectAsync(actor, projectId, ct);
    }

    /// <summary>Whether <paramref name="user"/> is still signed in: an unexpired access token, or an API token neither revoked nor expired.</summary>
    public async Task<bool> StillSignedInAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await StillSignedInAsync(scope.ServiceProvider, user, ct);
    }

    private async Task<bool> StillSignedInAsync(IServiceProvider services, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (user.FindFirst(JwtRegisteredClaimNames.Exp)?.Value is { } exp && long.TryParse(exp, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) <= now)
            return false;
        if (user.FindFirst("token_id")?.Value is not { } tokenClaim) return true;
        var tokenId = long.Parse(tokenClaim, CultureInfo.InvariantCulture);
        var utcNow = now.UtcDateTime;
        return await services.GetRequiredService<AppDbContext>().ApiTokens.AnyAsync(t => t.Id == tokenId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > utcNow), ct);
    }
}
