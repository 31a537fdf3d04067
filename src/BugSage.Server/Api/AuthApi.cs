using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Sign-in, session refresh and sign-out, who the caller is, and password change.</summary>
public static class AuthApi
{

    public sealed record LoginRequest([Required, MaxLength(320)] string Email, [Required, MaxLength(1024)] string Password);

    public sealed record RefreshRequest([Required, MaxLength(200)] string RefreshToken);

    public sealed record PasswordChange([Required, MaxLength(1024)] string CurrentPassword, [Required, MinLength(SignInGuard.MinimumPasswordLength), MaxLength(1024)] string NewPassword);

    public sealed record MembershipDto(long OrganizationId, string OrganizationSlug, string OrganizationName, string Role);

    /// <param name="IsServerAdmin">Whether the user holds the instance-level server admin role (exercised only when signed in, never through an API token).</param>
    public sealed record MeResponse(long Id, string Email, string Name, IReadOnlyList<MembershipDto> Memberships, IReadOnlyList<string>? Scopes, bool IsServerAdmin = false);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("Login").WithSummary("Sign in: an access token and a refresh token");
        auth.MapPost("/refresh", Refresh).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("RefreshSession").WithSummary("Rotate a refresh token; the old one stops working");
        auth.MapPost("/logout", Logout).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("Logout").WithSummary("End the session the refresh token belongs to");
        app.MapGet("/api/v1/me", Me).WithTags("Auth").WithName("Me").WithSummary("The caller and their memberships");
        app.MapPost("/api/v1/me/password", ChangePassword).WithTags("Auth")
            .WithName("ChangePassword").WithSummary("Change the password; other sessions are signed out");
        return app;
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(title: "Invalid email or password", statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<Results<Ok<SessionTokens>, ProblemHttpResult>> Login(
        LoginRequest request, AppDbContext db, SignInGuard guard, SessionService sessions, AuditLog audit, CancellationToken ct)
    {
        var email = request.Email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        var outcome = await guard.CheckAsync(user, request.Password, ct);
        if (outcome != SignInGuard.Outcome.Success)
        {
            audit.Record(outcome == SignInGuard.Outcome.Locked ? "auth.sign_in_locked" : "auth.sign_in_failed", null,
                target: email, details: user is null ? null : new { failedInARow = user.FailedSignIns, lockedUntil = user.LockedUntil },
                actorUserId: user?.Id, actor: email);
            await db.SaveChangesAsync(ct);
            // The same answer whether the account is unknown, the password wrong or the account locked.
            return InvalidCredentials();
        }
        audit.Record("auth.sign_in", null, target: user!.Email, actorUserId: user.Id, actor: user.Email);
        return TypedResults.Ok(await sessions.StartAsync(user, ct));
    }

    private static async Task<Results<Ok<SessionTokens>, ProblemHttpResult>> Refresh(RefreshRequest request, SessionService sessions, CancellationToken ct) =>
        await sessions.RefreshAsync(request.RefreshToken, ct) is { } tokens
            ? TypedResults.Ok(tokens)
            : TypedResults.Problem(title: "Invalid or expired refresh token", statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<NoContent> Logout(RefreshRequest request, SessionService sessions, CancellationToken ct)
    {
        // Signing out an unknown or already ended session is not an error: the result is the same.
        await sessions.EndAsync(request.RefreshToken, ct);
        return TypedResults.NoContent();
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
        return TypedResults.Ok(new MeResponse(user.Id, user.Email, user.Name, memberships, scope.Scopes, user.IsServerAdmin));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        PasswordChange request, AccessScope scope, AppDbContext db, SignInGuard guard, SessionService sessions, AuditLog audit, CancellationToken ct)
    {
        if (scope.Scopes is not null)
            return TypedResults.Problem(title: "API tokens cannot change passwords", statusCode: StatusCodes.Status403Forbidden);
        var user = await db.Users.FirstAsync(u => u.Id == scope.UserId, ct);
        if (await guard.CheckAsync(user, request.CurrentPassword, ct) != SignInGuard.Outcome.Success)
        {
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(title: "The current password is wrong", statusCode: StatusCodes.Status403Forbidden);
        }
        user.PasswordHash = guard.Hash(user, request.NewPassword);
        audit.Record("auth.password_changed", null, target: user.Email, actorUserId: user.Id, actor: user.Email);
        await db.SaveChangesAsync(ct);
        await sessions.EndAllAsync(user.Id, scope.SessionId, ct);
        return TypedResults.NoContent();
    }
}
