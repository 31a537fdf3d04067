using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Personal API tokens: created with scopes, shown once, listed without their secret, revoked.</summary>
public static class TokensApi
{
    public sealed record CreateToken([Required, MaxLength(200)] string Name, [Required, MinLength(1)] string[] Scopes, DateTime? ExpiresAt);

    public sealed record TokenDto(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? ExpiresAt);

    public sealed record CreatedToken(long Id, string Name, string Token, IReadOnlyList<string> Scopes, DateTime? ExpiresAt);

    public static WebApplication MapTokensApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("Tokens");
        group.MapGet("/", List).WithName("ListTokens").WithSummary("The caller's API tokens (never their secret)");
        group.MapPost("/", Create).WithName("CreateToken").WithSummary("Create an API token; its secret is shown only in this answer");
        group.MapDelete("/{tokenId:long}", Revoke).WithName("RevokeToken").WithSummary("Revoke an API token");
        return app;
    }

    private static async Task<Ok<Page<TokenDto>>> List(AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == scope.UserId && t.RevokedAt == null)
            .OrderBy(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(new Page<TokenDto>(tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix,
            t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), t.CreatedAt, t.LastUsedAt, t.ExpiresAt)).ToList(), null));
    }

    private static async Task<Results<Created<CreatedToken>, ValidationProblem, ProblemHttpResult>> Create(
        CreateToken request, AccessScope scope, AppDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var unknown = request.Scopes.Where(s => !RolePermissions.Scopes.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scopes"] = [$"unknown scopes: {string.Join(", ", unknown)}; known: {string.Join(", ", RolePermissions.Scopes.Keys)}"] });
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.ExpiresAt is { } expires && expires.ToUniversalTime() <= now)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["expiresAt"] = ["must be in the future"] });
        // A token can never do more than the session that made it: no token minting tokens.
        if (scope.Scopes is not null)
            return TypedResults.Problem(title: "API tokens cannot create API tokens", statusCode: StatusCodes.Status403Forbidden);

        var (secret, token) = await IssueAsync(db, audit, scope.UserId, request.Name, request.Scopes, request.ExpiresAt?.ToUniversalTime(), now, ct);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(token.Id, token.Name, secret, token.Scopes.Split(' '), token.ExpiresAt));
    }

    /// <summary>Creates a token for a user (scopes already checked); its secret exists only in the answer.</summary>
    internal static async Task<(string Secret, ApiToken Token)> IssueAsync(
        AppDbContext db, AuditLog audit, long userId, string name, IEnumerable<string> scopes, DateTime? expiresAt, DateTime now, CancellationToken ct)
    {
        var secret = SecretTokens.New(SecretTokens.ApiPrefix);
        var sorted = scopes.Distinct().Order().ToList();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = secret[..12],
            TokenHash = SecretTokens.Hash(secret),
            Scopes = string.Join(' ', sorted),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        audit.Record("token.created", null, target: token.Name, details: new { token.Prefix, scopes = sorted });
        await db.SaveChangesAsync(ct);
        return (secret, token);
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(long tokenId, AccessScope scope, AppDbContext db, AuditLog audit,
        ApiTokenValidator validator, TimeProvider clock, CancellationToken ct)
    {
        return await RevokeAsync(db, audit, validator, clock, scope.UserId, tokenId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>Revokes one of the user's own live tokens; false when there is none with that id.</summary>
    internal static async Task<bool> RevokeAsync(AppDbContext db, AuditLog audit, ApiTokenValidator validator, TimeProvider clock, long userId, long tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, ct);
        if (token is null) return false;
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("token.revoked", null, target: token.Name, details: new { token.Prefix });
        await db.SaveChangesAsync(ct);
        validator.Forget(token.TokenHash);
        return true;
    }
}
