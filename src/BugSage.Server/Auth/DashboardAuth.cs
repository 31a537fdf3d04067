using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Auth;

/// <summary>
/// The dashboard's sign-in: an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) that names a
/// session, checked on every request, so that signing out elsewhere, a password change or a
/// revoked session ends the dashboard too. The REST API never
/// accepts the cookie: it takes bearer tokens only, so no cross-site request can ride on it.
/// </summary>
public static class DashboardAuth
{
    public const string Scheme = "Dashboard";
    public const string CookieName = "bugsage.session";
    public const string Policy = "dashboard";

    /// <summary>The sign-in page, where a signed-out browser is sent.</summary>
    public const string LoginPath = "/login";

    public static WebApplicationBuilder AddDashboardAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = LoginPath;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static ClaimsPrincipal Principal(Core.Accounts.User user, string sessionId) => new(new ClaimsIdentity(
    [
        new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(JwtRegisteredClaimNames.Email, user.Email),
        new Claim(JwtRegisteredClaimNames.Name, user.Name),
        new Claim(AccessScope.SessionClaim, sessionId),
    ], Scheme, JwtRegisteredClaimNames.Name, null));

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var session = context.Principal?.FindFirstValue(AccessScope.SessionClaim);
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        if (session is null || !await sessions.IsActiveAsync(session, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
