using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;access token or personal API token&gt;</c>.</summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    ApiTokenValidator apiTokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The live hub: a browser's WebSocket cannot send headers, so there the token may come in the query.</summary>
    public const string LiveHubPath = "/hubs/live";

    public const string SchemeName = "Bearer";

    /// <summary>The authentication type of identities from personal API tokens (as opposed to signed-in sessions).</summary>
    public const string ApiTokenType = "api-token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string token;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header[7..].Trim();
        // WebSockets cannot send headers: the hub takes the token from the query string instead.
        else if (Request.Path.StartsWithSegments(LiveHubPath) && Request.Query["access_token"].ToString() is { Length: > 0 } query) token = query;
        else return AuthenticateResult.NoResult();
        var identity = token.StartsWith(Core.Accounts.SecretTokens.ApiPrefix, StringComparison.Ordinal)
            ? await apiTokens.ValidateAsync(token, Context.RequestAborted)
            : await tokens.ValidateAsync(token, Context.RequestAborted);
        return identity is null
            ? AuthenticateResult.Fail("invalid or expired token")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
