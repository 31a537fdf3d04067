using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Caching;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using BugSage.Core.Validation;

namespace BugSage.Server.Tokens;

public sealed record CreateToken([Required, MaxLength(200)] string Name, [Required, MinLength(1), MaxLength(50), EachMaxLength(64)] string[] Scopes, DateTime? ExpiresAt);

public sealed record TokenDto(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? ExpiresAt);

public sealed record CreatedToken(long Id, string Name, string Token, IReadOnlyList<string> Scopes, DateTime? ExpiresAt);

/// <summary>
/// Personal API tokens: each person lists, creates and revokes their own. A token's secret
/// exists only in the answer that created it; a token never creates another.
/// </summary>
public sealed class TokenOperations(InputValidation inputs, AppDbContext db, AuditLog audit, MeteredCache cache, TimeProvider clock)
{
    public async Task<OperationResult<Page<TokenDto>>> ListAsync(AccessScope actor, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == actor.UserId && t.RevokedAt == null)
            .OrderBy(t => t.Id).ToListAsync(ct);
        return Operation.Ok(new Page<TokenDto>(tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix,
            t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), t.CreatedAt, t.LastUsedAt, t.ExpiresAt)).ToList(), null));
    }

    public async Task<OperationResult<CreatedToken>> CreateAsync(AccessScope actor, CreateToken request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<CreatedToken>(problems);
        var unknown = request.Scopes.Where(s => !RolePermissions.Scopes.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
            return Operation.Invalid<CreatedToken>("scopes", $"unknown scopes: {string.Join(", ", unknown)}; known: {string.Join(", ", RolePermissions.Scopes.Keys)}");
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.ExpiresAt is { } expires && expires.ToUniversalTime() <= now) return Operation.Invalid<CreatedToken>("expiresAt", "must be in the future");
        // A token can never do more than the session that made it: no token minting tokens.
        if (actor.Scopes is not null) return Operation.Forbidden<CreatedToken>("API tokens cannot create API tokens");

        var secret = SecretTokens.New(SecretTokens.ApiPrefix);
        var sorted = request.Scopes.Distinct().Order().ToList();
        var token = new ApiToken
        {
            UserId = actor.UserId,
            Name = request.Name.Trim(),
            Prefix = secret[..12],
            TokenHash = SecretTokens.Hash(secret),
            Scopes = string.Join(' ', sorted),
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiTokens.Add(token);
        audit.Record("token.created", null, target: token.Name, details: new { token.Prefix, scopes = sorted });
        await db.SaveChangesAsync(ct);
        return Operation.Created(new CreatedToken(token.Id, token.Name, secret, sorted, token.ExpiresAt));
    }

    /// <summary>Revokes one of the actor's own live tokens; not found for anyone else's.</summary>
    public async Task<OperationResult<bool>> RevokeAsync(AccessScope actor, long tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == actor.UserId && t.RevokedAt == null, ct);
        if (token is null) return Operation.NotFound<bool>();
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("token.revoked", null, target: token.Name, details: new { token.Prefix });
        await db.SaveChangesAsync(ct);
        await ApiTokenValidator.ForgetAsync(cache, token.TokenHash);
        return Operation.Ok(true);
    }
}
