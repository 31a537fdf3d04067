using System.Globalization;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.LiveFeeds;

/// <summary>
/// Whether an open stream's reader may still see the project: asked again before every event and
/// heartbeat, since a stream outlives the request that opened it. Membership is read afresh, an API
/// token must still be unrevoked and unexpired, and a signed-in session's access token must not
/// have expired.
/// </summary>
public sealed class StreamAccess(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<bool> StillAllowedAsync(HttpContext http, long projectId, CancellationToken ct)
    {
        var user = http.User;
        var now = clock.GetUtcNow();
        if (user.FindFirst(JwtRegisteredClaimNames.Exp)?.Value is { } exp && long.TryParse(exp, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) <= now)
            return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (user.FindFirst("token_id")?.Value is { } tokenClaim)
        {
            var tokenId = long.Parse(tokenClaim, CultureInfo.InvariantCulture);
            var utcNow = now.UtcDateTime;
            if (!await db.ApiTokens.AnyAsync(t => t.Id == tokenId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > utcNow), ct)) return false;
        }
        // A fresh scope reads the caller's memberships again; the request's own cached them when the stream opened.
        return await scope.ServiceProvider.GetRequiredService<Operations.ProjectAccess>().SeesProjectAsync(scope.ServiceProvider.GetRequiredService<AccessScope>(), projectId, ct);
    }
}
