using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Dashboard.Account;

/// <summary>
/// The dashboard's sign-in and sign-out form posts. Both check the antiforgery token of the form
/// they came from; sign-in shares the API login's per-IP rate limit, lockout and single answer.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy).ExcludeFromDescription();
        app.MapPost("/account/logout", LogoutAsync).RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, AppDbContext db, SignInGuard guard, SessionService sessions, AuditLog audit, CancellationToken ct)
    {
        var back = LocalPath(returnUrl);
        var address = (email ?? "").Trim().ToLowerInvariant();
        if (address.Length is 0 or > 320 || string.IsNullOrEmpty(password) || password.Length > 1024)
            return Results.LocalRedirect(LoginPage("invalid", back));
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == address, ct);
        var outcome = await guard.CheckAsync(user, password, ct);
        if (outcome != SignInGuard.Outcome.Success)
        {
            audit.Record(outcome == SignInGuard.Outcome.Locked ? "auth.sign_in_locked" : "auth.sign_in_failed", null,
                target: address, details: new { via = "dashboard" }, actorUserId: user?.Id, actor: address);
            await db.SaveChangesAsync(ct);
            return Results.LocalRedirect(LoginPage("invalid", back));
        }
        audit.Record("auth.sign_in", null, target: user!.Email, details: new { via = "dashboard" }, actorUserId: user.Id, actor: user.Email);
        var session = await sessions.StartBrowserSessionAsync(user, ct);
        await http.SignInAsync(DashboardAuth.Scheme, DashboardAuth.Principal(user, session), new AuthenticationProperties { IsPersistent = true });
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SessionService sessions, CancellationToken ct)
    {
        if (http.User.FindFirst(AccessScope.SessionClaim)?.Value is { } session) await sessions.EndFamilyAsync(session, ct);
        await http.SignOutAsync(DashboardAuth.Scheme);
        return Results.LocalRedirect("/login");
    }

    public static string LoginPage(string? error, string? returnUrl)
    {
        var query = QueryString.Empty;
        if (error is not null) query = query.Add("error", error);
        if (returnUrl is not null and not "/") query = query.Add("returnUrl", returnUrl);
        return DashboardAuth.LoginPath + query.ToUriComponent();
    }

    /// <summary>Only a path on this site: anything else (another host, a scheme, "//x") goes home.</summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 and < 2000 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
