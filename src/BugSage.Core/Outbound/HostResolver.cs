using System.Net;

namespace BugSage.Core.Outbound;

/// <summary>Turns a host name into addresses: the one place outbound connections resolve names, so tests can answer for it.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver (getaddrinfo on Linux).</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}
