using BugSage.Core.Accounts;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Auth;

/// <summary>A signed-in session's tokens: a short-lived access token and a rotating refresh token.</summary>
public sealed record SessionTokens(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>
/// Sign-in sessions as refresh token families. Each refresh rotates the token; presenting a
/// token that was already rotated means it was stolen or replayed, so the whole family is revoked.
/// </summary>
public sealed class SessionService(AppDbContext db, TokenService tokens, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);

    public async Task<SessionTokens> StartAsync(User user, CancellationToken ct) =>
        await IssueAsync(user, Guid.NewGuid().ToString("N"), ct);

    /// <summary>
    /// Starts a dashboard session: a refresh token family whose token is never handed out, so
    /// that signing out, a password change or an admin can end it like any other session.
    /// </summary>
    public async Task<string> StartBrowserSessionAsync(User user, CancellationToken ct)
    {
        var familyId = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow().UtcDateTime;
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = SecretTokens.Hash(SecretTokens.New(SecretTokens.RefreshPrefix)),
            CreatedAt = now,
            ExpiresAt = now + RefreshLifetime,
        });
        await db.SaveChangesAsync(ct);
        return familyId;
    }

    /// <summary>Whether a session (refresh token family) still has a live token.</summary>
    public Task<bool> IsActiveAsync(string familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.AnyAsync(t => t.FamilyId == familyId && t.RevokedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>Ends a session by its family id.</summary>
    public Task<int> EndFamilyAsync(string familyId, CancellationToken ct) => RevokeFamilyAsync(familyId, ct);

    /// <summary>Rotates a refresh token; null when it is unknown, expired, revoked or replayed.</summary>
    public async Task<SessionTokens?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(refreshToken);
        var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now) return null;
        var user = await db.Users.FirstAsync(u => u.Id == stored.UserId, ct);
        if (stored.RotatedAt is not null)
        {
            await RevokeFamilyAsync(stored.FamilyId, ct);
            audit.Record("auth.refresh_reuse", null, target: user.Email, details: new { family = stored.FamilyId }, actorUserId: user.Id, actor: user.Email);
            await db.SaveChangesAsync(ct);
            return null;
        }
        stored.RotatedAt = now;
        return await IssueAsync(user, stored.FamilyId, ct);
    }

    /// <summary>Ends the session the refresh token belongs to.</summary>
    public async Task<bool> EndAsync(string refreshToken, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(refreshToken);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null) return false;
        await RevokeFamilyAsync(stored.FamilyId, ct);
        return true;
    }

    /// <summary>Ends every session of a user except one (the caller's, after a password change).</summary>
    public Task<int> EndAllAsync(long userId, string? exceptFamily, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.FamilyId != exceptFamily)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private Task<int> RevokeFamilyAsync(string familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private async Task<SessionTokens> IssueAsync(User user, string familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var refresh = SecretTokens.New(SecretTokens.RefreshPrefix);
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = SecretTokens.Hash(refresh),
            CreatedAt = now,
            ExpiresAt = now + RefreshLifetime,
        });
        await db.SaveChangesAsync(ct);
        var access = await tokens.IssueAsync(user, familyId, ct);
        return new SessionTokens(access, refresh, (int)TokenService.Lifetime.TotalSeconds);
    }
}
