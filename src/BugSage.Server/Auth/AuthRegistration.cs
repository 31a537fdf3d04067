using Microsoft.AspNetCore.Authentication;

namespace BugSage.Server.Auth;

/// <summary>Bearer authentication for the REST API; every endpoint requires it unless it opts out.</summary>
public static class AuthRegistration
{
    public static WebApplicationBuilder AddBugSageAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<ApiTokenValidator>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<SignInGuard>();
        builder.Services.AddSingleton<InvitationMailer>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AccessScope>();
        builder.Services.AddSingleton<Hosting.PublicUrl>();
        builder.Services.AddSignInRateLimits();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }
}
