using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Sign-in with email and password, and who the caller is.</summary>
public static class AuthApi
{
    public sealed record LoginRequest([Required, MaxLength(320)] string Email, [Required, MaxLength(1024)] string Password);

    public sealed record LoginResponse(string AccessToken, string? RefreshToken, int ExpiresIn);

    public sealed record MembershipDto(long OrganizationId, string OrganizationSlug, string OrganizationName, string Role);

    public sealed record MeResponse(long Id, string Email, string Name, IReadOnlyList<MembershipDto> Memberships);

    public static WebApplication MapAuthApi(this WebApplication app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().WithName("Login").WithSummary("Sign in and get an access token");
        app.MapGet("/api/v1/me", Me).WithTags("Auth").WithName("Me").WithSummary("The signed-in user and their memberships");
        return app;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        LoginRequest request, AppDbContext db, IPasswordHasher<User> hasher, TokenService tokens, CancellationToken ct)
    {
        var email = request.Email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        // The same answer for an unknown account and a wrong password.
        var verdict = user is null
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
            return TypedResults.Problem(title: "Invalid email or password", statusCode: StatusCodes.Status401Unauthorized);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password);
            await db.SaveChangesAsync(ct);
        }
        var token = await tokens.IssueAsync(user, ct);
        return TypedResults.Ok(new LoginResponse(token, null, (int)TokenService.Lifetime.TotalSeconds));
    }

    private static async Task<Results<Ok<MeResponse>, NotFound>> Me(AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == scope.UserId, ct);
        if (user is null) return TypedResults.NotFound();
        var memberships = await (
            from m in db.Memberships.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on m.OrganizationId equals o.Id
            where m.UserId == user.Id
            orderby o.Id
            select new MembershipDto(o.Id, o.Slug, o.Name, m.Role)).ToListAsync(ct);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email, user.Name, memberships));
    }
}
