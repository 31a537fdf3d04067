using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Lifecycle;

/// <summary>Forwarded headers count only from the proxies the configuration trusts.</summary>
public class ReverseProxyTests
{
    [Fact]
    public async Task X_Forwarded_Proto_is_believed_from_a_trusted_proxy_only()
    {
        // Without a configured public URL, DSNs take the request's scheme: here, the one the proxy says.
        await using (var trusting = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Proxy:Trusted:0"] = "127.0.0.0/8" }, kestrel: true))
            (await DsnAsync(trusting)).ShouldStartWith("https://");

        await using var untrusting = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Proxy:Trusted:0"] = "10.9.8.7" }, kestrel: true);
        (await DsnAsync(untrusting)).ShouldStartWith("http://", customMessage: "loopback is not the trusted proxy");
    }

    [Fact]
    public async Task A_trusted_entry_that_is_no_address_stops_the_start_naming_the_key()
    {
        var refused = await Should.ThrowAsync<Exception>(() => BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Proxy:Trusted:0"] = "proxy.example" }));
        refused.ToString().ShouldContain("BugSage:Proxy:Trusted: 'proxy.example'");
    }

    private static async Task<string> DsnAsync(BugSageFactory app)
    {
        var (projectId, _) = await app.DefaultKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}/keys");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var keys = await (await app.ClientWithToken(await app.AccessTokenAsync()).SendAsync(request)).ReadJsonAsync();
        return keys.Items()[0]!["dsn"].Str();
    }
}
