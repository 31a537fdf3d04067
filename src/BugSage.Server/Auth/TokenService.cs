using System.Security.Claims;
using BugSage.Core.Accounts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BugSage.Server.Auth;

/// <summary>Issues and validates the short-lived JWT access tokens of the REST API.</summary>
public sealed class TokenService(SigningKeyStore keys, TimeProvider clock)
{
    public const string Issuer = "bugsage";
    public const string Audience = "bugsage-api";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<string> IssueAsync(User user, string sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(JwtRegisteredClaimNames.Name, user.Name),
                new Claim(AccessScope.SessionClaim, sessionId),
            ]),
            SigningCredentials = new SigningCredentials(await keys.GetAsync(ct), SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<ClaimsIdentity?> ValidateAsync(string token, CancellationToken ct)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = await keys.GetAsync(ct),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                // Never longer-lived than this server issues: a token that says otherwise was not made here.
                return (notBefore is null || notBefore <= now + p.ClockSkew) && expires is { } e && e > now - p.ClockSkew && e <= now + Lifetime + p.ClockSkew;
            },
            NameClaimType = JwtRegisteredClaimNames.Name,
            AuthenticationType = BearerAuthenticationHandler.SchemeName,
        });
        return result.IsValid ? result.ClaimsIdentity : null;
    }
}
