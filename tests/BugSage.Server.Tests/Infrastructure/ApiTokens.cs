using System.Net;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>API tokens as a pipeline gets them: made by a signed-in member, sent as bearer tokens.</summary>
public static class ApiTokens
{
    /// <summary>A new token with <paramref name="scope"/>, made by <paramref name="user"/>.</summary>
    public static async Task<string> CreateAsync(HttpClient user, string scope = "project:releases")
    {
        var answer = await user.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { scope } });
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        return (await answer.ReadJsonAsync())["token"].Str();
    }

    /// <summary>A client that sends a new token with <paramref name="scope"/>, made by <paramref name="user"/> (the admin when none is given).</summary>
    public static async Task<HttpClient> ClientAsync(BugSageFactory app, string scope = "project:releases", HttpClient? user = null) =>
        app.ClientWithToken(await CreateAsync(user ?? await app.SignedInClientAsync(), scope));
}
