using BugSage.Server.Accounts;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

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
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http, AccountOperations accounts, SessionService sessions, CancellationToken ct)
    {
        var back = LocalPath(returnUrl);
        var address = (email ?? "").Trim();
        if (address.Length is 0 or > 320 || string.IsNullOrEmpty(password) || password.Length > 1024)
            return Results.LocalRedirect(LoginPage("invalid", back));
        if ((await accounts.SignInAsync(address, password, "dashboard", ct)).Value is not { } user) return Results.LocalRedirect(LoginPage("invalid", back));
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
