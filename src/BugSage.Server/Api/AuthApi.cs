using System.ComponentModel.DataAnnotations;
using BugSage.Server.Accounts;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BugSage.Server.Api;

/// <summary>Sign-in, session refresh and sign-out, who the caller is, and password change.</summary>
public static class AuthApi
{
    public sealed record LoginRequest([Required, MaxLength(320)] string Email, [Required, MaxLength(1024)] string Password);

    public sealed record RefreshRequest([Required, MaxLength(200)] string RefreshToken);

    public sealed record PasswordChange([Required, MaxLength(1024)] string CurrentPassword, [Required, MinLength(SignInGuard.MinimumPasswordLength), MaxLength(1024)] string NewPassword);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("Login").WithSummary("Sign in: an access token and a refresh token")
            .Produces<SessionTokens>().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", Refresh).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("RefreshSession").WithSummary("Rotate a refresh token; the old one stops working");
        auth.MapPost("/logout", Logout).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("Logout").WithSummary("End the session the refresh token belongs to");
        app.MapGet("/api/v1/me", Me).WithTags("Auth").WithName("Me").WithSummary("The caller and their memberships").Produces<MeResponse>();
        app.MapPost("/api/v1/me/password", ChangePassword).WithTags("Auth")
            .WithName("ChangePassword").WithSummary("Change the password; other sessions are signed out")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> Login(LoginRequest request, AccountOperations accounts, SessionService sessions, CancellationToken ct)
    {
        var signedIn = await accounts.SignInAsync(request.Email, request.Password, "api", ct);
        return signedIn.Value is { } user ? TypedResults.Ok(await sessions.StartAsync(user, ct)) : signedIn.ToHttp();
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

    private static async Task<OperationAnswer<MeResponse>> Me(AccessScope actor, AccountOperations accounts, CancellationToken ct) =>
        (await accounts.MeAsync(actor, ct)).ToHttp();

    private static async Task<IResult> ChangePassword(PasswordChange request, AccessScope actor, AccountOperations accounts, CancellationToken ct) =>
        (await accounts.ChangePasswordAsync(actor, request.CurrentPassword, request.NewPassword, ct)).ToNoContent();
}
