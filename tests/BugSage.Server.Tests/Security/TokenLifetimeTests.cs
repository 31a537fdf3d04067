using System.Net;
using BugSage.Server.Auth;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Security;

/// <summary>An access token lives as long as this server makes them live, whatever the token itself says.</summary>
public class TokenLifetimeTests
{
    [Fact]
    public async Task A_token_that_claims_a_longer_life_than_the_server_gives_is_refused()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var key = await app.Services.GetRequiredService<SigningKeyStore>().GetAsync(CancellationToken.None);

        var usual = await EarlierVersion.MintAsync(app, key, TokenService.Lifetime);
        var forever = await EarlierVersion.MintAsync(app, key, TimeSpan.FromDays(365));

        (await app.ClientWithToken(usual).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ClientWithToken(forever).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
