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

    public async Task<SessionTokens> StartAsync(User user, CancellationToken ct)
    {
        var familyId = Guid.NewGuid().ToString("N");
        var refresh = AddToken(user, familyId);
        await db.SaveChangesAsync(ct);
        return await TokensAsync(user, familyId, refresh, ct);
    }

    /// <summary>
    /// Starts a dashboard session: a refresh token family whose token is never handed out, so
    /// that signing out, a password change or an admin can end it like any other session.
    /// </summary>
    public async Task<string> StartBrowserSessionAsync(User user, CancellationToken ct)
    {
        var familyId = Guid.NewGuid().ToString("N");
        AddToken(user, familyId);
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
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now) return null;
        var user = await db.Users.FirstAsync(u => u.Id == stored.UserId, ct);
        if (stored.RotatedAt is null && await RotateAsync(stored, user, now, ct) is { } tokens) return tokens;

        // Rotated before, or by a parallel refresh that claimed it first: a replay either way. Only
        // the refresh that revokes the family records it, so one reuse is one audit entry.
        if (await RevokeFamilyAsync(stored.FamilyId, ct) > 0)
        {
            audit.Record("auth.refresh_reuse", null, target: user.Email, details: new { family = stored.FamilyId }, actorUserId: user.Id, actor: user.Email);
            await db.SaveChangesAsync(ct);
        }
        return null;
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

    /// <summary>
    /// Claims the token (a conditional update: only one refresh can see it unrotated) and stores
    /// its successor in the same transaction; null when the token was already rotated or revoked.
    /// Committing both together means a refresh that lost the claim and revokes the family finds
    /// the winner's successor there to revoke.
    /// </summary>
    private async Task<SessionTokens?> RotateAsync(RefreshToken stored, User user, DateTime now, CancellationToken ct)
    {
        string refresh;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.RefreshTokens
                .Where(t => t.Id == stored.Id && t.RotatedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), ct);
            if (claimed == 0) return null;
            refresh = AddToken(user, stored.FamilyId);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        // Signed outside the transaction: the signing key may be created on first use, through a connection of its own.
        return await TokensAsync(user, stored.FamilyId, refresh, ct);
    }

    /// <summary>Adds a new refresh token to a family, unsaved; returns the token itself (only its hash is stored).</summary>
    private string AddToken(User user, string familyId)
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
        return refresh;
    }

    private async Task<SessionTokens> TokensAsync(User user, string familyId, string refresh, CancellationToken ct)
    {
        var access = await tokens.IssueAsync(user, familyId, ct);
        return new SessionTokens(access, refresh, (int)TokenService.Lifetime.TotalSeconds);
    }
}
