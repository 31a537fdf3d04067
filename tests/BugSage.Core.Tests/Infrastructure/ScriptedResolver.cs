using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BugSage.Core.Outbound;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// A resolver that answers what the test says, and can change its answer between two lookups (DNS
/// rebinding); a name it was not told about does not resolve. Counts lookups per name.
/// </summary>
public sealed class ScriptedResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> lookups = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>From now on, <paramref name="host"/> resolves to these addresses.</summary>
    public ScriptedResolver Answer(string host, params string[] addresses)
    {
        answers[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public int Lookups(string host) => lookups.GetValueOrDefault(host);

    /// <summary>The outbound policy as the server builds it, resolving through this resolver, with <paramref name="allowedPrivateHosts"/> allowed.</summary>
    public OutboundPolicy Policy(params string[] allowedPrivateHosts) =>
        new(Microsoft.Extensions.Options.Options.Create(new NetworkOptions { AllowedPrivateHosts = allowedPrivateHosts }), this, new BugSage.Core.Processing.BugSageMetrics(),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboundPolicy>.Instance);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        lookups.AddOrUpdate(host, 1, (_, n) => n + 1);
        return answers.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
