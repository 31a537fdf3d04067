using System.Net.Sockets;
using System.Text;
using BugSage.Core.Autofix.Restore;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// The registry proxy spoken to directly on its unix socket, as the forwarder in the sandbox does:
/// what it lets through to the registry, and what it refuses before anything leaves the machine.
/// </summary>
public sealed class RegistryProxyTests : IAsyncLifetime
{
    private readonly FakePackageRegistry registry = new FakePackageRegistry().Serve("/pkg", "left-pad 1.3.0");
    private readonly string directory = Directory.CreateTempSubdirectory("bugsage-proxy-test-").FullName;
    private RegistryProxy proxy = null!;

    private string Socket => Path.Combine(directory, "registry.sock");

    public Task InitializeAsync()
    {
        proxy = RegistryProxy.Start(Socket, RegistryHosts.Parse([registry.Host, "registry.npmjs.org"]));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        await registry.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and reads the answer to its end.</summary>
    private async Task<string> SendAsync(string request, string? thenInTunnel = null)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (thenInTunnel is not null)
        {
            var established = new byte[39];
            await stream.ReadExactlyAsync(established);
            Encoding.ASCII.GetString(established).ShouldBe("HTTP/1.1 200 Connection established\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(thenInTunnel));
        }
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public async Task A_tunnel_and_a_plain_request_reach_an_allowed_registry()
    {
        var tunnelled = await SendAsync($"CONNECT {registry.Host} HTTP/1.1\r\nHost: {registry.Host}\r\n\r\n",
            thenInTunnel: $"GET /pkg HTTP/1.1\r\nHost: {registry.Host}\r\nConnection: close\r\n\r\n");
        // A plain request names its URL; the registry is told the host the proxy checked, whatever Host the client sent.
        var plain = await SendAsync($"GET http://{registry.Host}/pkg HTTP/1.1\r\nHost: elsewhere.example\r\nProxy-Connection: keep-alive\r\n\r\n");

        tunnelled.ShouldStartWith("HTTP/1.1 200 OK");
        tunnelled.ShouldEndWith("left-pad 1.3.0");
        plain.ShouldStartWith("HTTP/1.1 200 OK");
        plain.ShouldEndWith("left-pad 1.3.0");
        registry.Requests.ShouldBe(["GET /pkg", "GET /pkg"]);
        registry.HostHeaders.ShouldBe([registry.Host, registry.Host]);
        proxy.Refusals.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_registry_name_that_leads_to_a_refused_address_is_held_to_the_outbound_policy(bool listed)
    {
        // "localhost" resolves to loopback: the server's outbound policy refuses it unless the operator lists it.
        var policy = new BugSage.Core.Outbound.OutboundPolicy(
            Microsoft.Extensions.Options.Options.Create(new BugSage.Core.Outbound.NetworkOptions { AllowedPrivateHosts = listed ? ["localhost"] : [] }),
            new ScriptedResolver().Answer("localhost", "127.0.0.1"), new BugSage.Core.Processing.BugSageMetrics(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BugSage.Core.Outbound.OutboundPolicy>.Instance);
        var socket = Path.Combine(directory, "guarded.sock");
        await using var guarded = RegistryProxy.Start(socket, RegistryHosts.Parse([registry.Host]), policy.AddressesAsync);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await using var stream = new NetworkStream(client);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET http://{registry.Host}/pkg HTTP/1.1\r\nHost: {registry.Host}\r\n\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        if (listed)
        {
            answer.ShouldStartWith("HTTP/1.1 200 OK");
            guarded.Refusals.ShouldBeEmpty();
            return;
        }
        answer.ShouldStartWith("HTTP/1.1 403");
        answer.ShouldContain("resolves to a loopback address");
        guarded.Refusals.ShouldHaveSingleItem().ShouldContain("a loopback address");
        registry.Requests.ShouldBeEmpty("nothing reached the registry's address");
    }

    [Fact]
    public async Task Other_hosts_ports_and_addresses_are_refused_before_anything_leaves_the_machine()
    {
        var answers = new[]
        {
            await SendAsync("CONNECT example.com:443 HTTP/1.1\r\n\r\n"),
            await SendAsync("GET http://example.com/steal HTTP/1.1\r\nHost: example.com\r\n\r\n"),
            await SendAsync($"CONNECT localhost:{registry.Port + 1} HTTP/1.1\r\n\r\n"),
            await SendAsync("CONNECT registry.npmjs.org:22 HTTP/1.1\r\n\r\n"),
            await SendAsync($"GET http://127.0.0.1:{registry.Port}/pkg HTTP/1.1\r\n\r\n"),
            await SendAsync($"CONNECT [::1]:{registry.Port} HTTP/1.1\r\n\r\n"),
            await SendAsync("CONNECT 169.254.169.254:443 HTTP/1.1\r\n\r\n"),
        };

        foreach (var answer in answers) answer.ShouldStartWith("HTTP/1.1 403 Forbidden");
        answers[0].ShouldContain("example.com:443 is not a configured package registry (BugSage:Autofix:Restore:Registries)");
        proxy.Refusals.ShouldBe([
            "CONNECT example.com:443: not a configured package registry",
            "GET example.com:80: not a configured package registry",
            $"CONNECT localhost:{registry.Port + 1}: not a configured package registry",
            "CONNECT registry.npmjs.org:22: not a configured package registry",
            $"GET 127.0.0.1:{registry.Port}: an IP address, not a registry's name",
            $"CONNECT [::1]:{registry.Port}: an IP address, not a registry's name",
            "CONNECT 169.254.169.254:443: an IP address, not a registry's name",
        ]);
        registry.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task What_is_not_a_proxy_request_is_answered_400_and_an_endless_head_431()
    {
        (await SendAsync("GET /pkg HTTP/1.1\r\nHost: localhost\r\n\r\n")).ShouldStartWith("HTTP/1.1 400 Bad Request");
        (await SendAsync($"GET http://user@{registry.Host}/pkg HTTP/1.1\r\n\r\n")).ShouldStartWith("HTTP/1.1 400 Bad Request");
        (await SendAsync($"GET https://{registry.Host}/pkg HTTP/1.1\r\n\r\n")).ShouldStartWith("HTTP/1.1 400 Bad Request");
        (await SendAsync("GET http://" + registry.Host + "/pkg HTTP/1.1\r\nX-Padding: " + new string('a', 20_000) + "\r\n\r\n"))
            .ShouldStartWith("HTTP/1.1 431 Request Header Fields Too Large");
        registry.Requests.ShouldBeEmpty();
    }
}
