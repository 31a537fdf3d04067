using System.Net;
using System.Net.Sockets;

namespace BugSage.Core.Outbound;

/// <summary>
/// HTTP connections through the outbound policy: the handler's connect step resolves the host
/// through the policy and opens the socket to an address it allowed, so the address checked is the
/// address connected to. TLS still verifies the certificate against the host name.
/// </summary>
public static class OutboundHttp
{
    /// <summary>
    /// A primary handler for any <see cref="HttpClient"/> that connects on a tenant's behalf. No
    /// proxy: through one, the proxy would resolve and connect, and no address could be checked.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(OutboundPolicy policy) => new()
    {
        UseProxy = false,
        // A redirect is never followed: HttpClient drops Authorization on one but sends every other
        // header (Anthropic's x-api-key, a webhook's signature) on to wherever the Location points.
        // The caller sees the 3xx and reports it; a configured URL names its final address.
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) => ConnectAsync(policy, context.DnsEndPoint, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(OutboundPolicy policy, DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = await policy.AddressesAsync(endpoint.Host, ct);
        SocketException? failed = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failed = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw failed!;
    }
}
