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

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        lookups.AddOrUpdate(host, 1, (_, n) => n + 1);
        return answers.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
