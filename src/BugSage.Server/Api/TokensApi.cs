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

        var secret = SecretTokens.New(SecretTokens.ApiPrefix);
        var scopes = request.Scopes.Distinct().Order().ToList();
        var token = new ApiToken
        {
            UserId = scope.UserId,
            Name = request.Name.Trim(),
            Prefix = secret[..12],
            TokenHash = SecretTokens.Hash(secret),
            Scopes = string.Join(' ', scopes),
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiTokens.Add(token);
        audit.Record("token.created", null, target: token.Name, details: new { token.Prefix, scopes });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(token.Id, token.Name, secret, scopes, token.ExpiresAt));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(long tokenId, AccessScope scope, AppDbContext db, AuditLog audit,
        ApiTokenValidator validator, TimeProvider clock, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == scope.UserId && t.RevokedAt == null, ct);
        if (token is null) return TypedResults.NotFound();
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("token.revoked", null, target: token.Name, details: new { token.Prefix });
        await db.SaveChangesAsync(ct);
        validator.Forget(token.TokenHash);
        return TypedResults.NoContent();
    }
}
