using System.Net;
using System.Net.Sockets;
using System.Text;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Outbound;

/// <summary>HttpClient through the policy's handler: it connects to the address the policy checked, and to nothing it refused.</summary>
public sealed class OutboundHttpTests : IAsyncDisposable
{
    private readonly ScriptedResolver resolver = new();
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Task serving;
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public OutboundHttpTests()
    {
        listener.Start();
        serving = ServeAsync();
    }

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Answers every request with 200 "ok" (<c>/moved</c> with a redirect to another host), counting connections.</summary>
    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        var read = 0;
                        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                            read += await stream.ReadAsync(buffer.AsMemory(read), stop.Token);
                        var answer = Encoding.ASCII.GetString(buffer, 0, read).StartsWith("GET /moved ", StringComparison.Ordinal)
                            ? $"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.example.test:{Port}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop.Token);
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    private HttpClient Client(params string[] allowed) => new(OutboundHttp.CreateHandler(
        resolver.Policy(allowed)));

    [Fact]
    public async Task A_name_is_connected_at_the_address_the_policy_resolved_and_allowed()
    {
        // Only the scripted resolver knows this name: an answer proves the connection went to its address.
        resolver.Answer("models.example.test", "127.0.0.1");
        using var http = Client("127.0.0.0/8");
        (await http.GetStringAsync($"http://models.example.test:{Port}/v1/models")).ShouldBe("ok");
        resolver.Lookups("models.example.test").ShouldBe(1);
    }

    [Fact]
    public async Task Without_the_setting_loopback_is_refused_before_any_connection()
    {
        resolver.Answer("models.example.test", "127.0.0.1");
        using var http = Client();
        foreach (var url in new[] { $"http://127.0.0.1:{Port}/", $"http://[::ffff:127.0.0.1]:{Port}/", $"http://models.example.test:{Port}/" })
        {
            var failed = await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync(url));
            failed.InnerException.ShouldBeOfType<OutboundRefusedException>().Refused.ShouldBe(AddressClass.Loopback);
        }
        connections.ShouldBe(0);
    }

    [Fact]
    public async Task A_name_rebound_to_loopback_after_its_check_is_refused_at_the_connection()
    {
        using var http = Client();
        var policy = resolver.Policy();
        resolver.Answer("rebind.example.test", "93.184.216.34");
        (await policy.RefusalAsync("rebind.example.test", CancellationToken.None)).ShouldBeNull("it looked public when the endpoint was saved");

        resolver.Answer("rebind.example.test", "127.0.0.1");
        var failed = await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync($"http://rebind.example.test:{Port}/"));
        failed.InnerException.ShouldBeOfType<OutboundRefusedException>();
        connections.ShouldBe(0);
    }

    [Fact]
    public async Task A_redirect_is_returned_to_the_caller_not_followed_with_its_headers()
    {
        resolver.Answer("models.example.test", "127.0.0.1");
        resolver.Answer("elsewhere.example.test", "127.0.0.1");
        using var http = Client("127.0.0.0/8");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://models.example.test:{Port}/moved");
        request.Headers.Add("x-api-key", "secret");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        connections.ShouldBe(1);
        resolver.Lookups("elsewhere.example.test").ShouldBe(0, "the key was never carried to the redirect's host");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        stop.Dispose();
    }
}
