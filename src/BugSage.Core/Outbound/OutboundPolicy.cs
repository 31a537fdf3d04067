using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BugSage.Core.Processing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Outbound;

/// <summary>
/// The one rule for every connection BugSage makes on a tenant's behalf (git remotes, model
/// endpoints, GitHub's API, later alerts and webhooks): public addresses only, unless
/// <c>BugSage:Network:AllowedPrivateHosts</c> lists the host, its address or a range holding it.
/// Judged on resolved addresses at connect time, and the caller connects to an address this
/// returned, never to the name again: a name that answers a public address when a link is saved
/// and 127.0.0.1 afterwards (DNS rebinding) is refused at the connection.
/// </summary>
public sealed class OutboundPolicy(IOptions<NetworkOptions> options, IHostResolver resolver, BugSageMetrics metrics, TimeProvider clock, ILogger<OutboundPolicy> logger)
{
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SaveResolveLimit = TimeSpan.FromSeconds(5);
    private readonly AllowedHosts allowed = new(options.Value.AllowedPrivateHosts);
    private readonly ConcurrentDictionary<(string Host, AddressClass Class), DateTimeOffset> warned = new();

    /// <summary>
    /// The addresses of <paramref name="host"/> (a name, or an address literal, bracketed or not)
    /// that may be connected to, in the resolver's order; refused ones are dropped.
    /// </summary>
    /// <exception cref="OutboundRefusedException">Every address is refused.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken ct)
    {
        var name = Unbracketed(host);
        var addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await resolver.ResolveAsync(name, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        var usable = addresses.Where(a => Judge(name, a) is null).ToList();
        if (usable.Count > 0) return usable;
        var refused = Judge(name, addresses[0])!.Value;
        Refused(name, refused, addresses);
        throw new OutboundRefusedException(name, refused);
    }

    /// <summary>
    /// Why a host given for a link or an endpoint can never be reached, or null. Resolves only
    /// what must be: an address literal or a listed name is judged as written. A name that does
    /// not resolve (now) is accepted: it is judged again at every connection.
    /// </summary>
    public async Task<string?> RefusalAsync(string host, CancellationToken ct)
    {
        var name = Unbracketed(host);
        if (IPAddress.TryParse(name, out var literal))
            return Judge(name, literal) is { } kind ? $"a {kind.Describe()} address, which this server connects to only when its operator lists it in BugSage:Network:AllowedPrivateHosts" : null;
        if (allowed.Names(name)) return null;
        IPAddress[] addresses;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(SaveResolveLimit);
        try
        {
            addresses = await resolver.ResolveAsync(name, limit.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
        var kinds = addresses.Select(a => Judge(name, a)).ToList();
        if (kinds.Count == 0 || kinds.Any(k => k is null)) return null;
        var described = string.Join(", ", kinds.Select(k => k!.Value.Describe()).Distinct());
        return $"resolves only to {described} addresses, which this server connects to only when its operator lists the host in BugSage:Network:AllowedPrivateHosts";
    }

    /// <summary>Null when the address may be reached for this host; otherwise its class.</summary>
    private AddressClass? Judge(string host, IPAddress address)
    {
        var kind = AddressClassifier.Classify(address);
        if (kind == AddressClass.Public || allowed.Holds(address)) return null;
        // A listed name unlocks what it resolves to, but never a metadata service: a name's DNS may
        // be someone else's to change, and those credentials are the machine's. Only the address itself unlocks it.
        return kind != AddressClass.CloudMetadata && allowed.Names(host) ? null : kind;
    }

    /// <summary>A warning per host and reason every ten minutes, a debug line otherwise: enough to notice, not one per request.</summary>
    private void Refused(string host, AddressClass kind, IPAddress[] addresses)
    {
        metrics.OutboundRefused.Add(1, new KeyValuePair<string, object?>("reason", kind.Describe()));
        var now = clock.GetUtcNow();
        if (warned.Count > 10_000) warned.Clear();
        if (warned.TryGetValue((host, kind), out var last) && now - last < WarnEvery)
        {
            logger.LogDebug("Outbound connection to {Host} refused again: {Reason} address ({Addresses})", host, kind.Describe(), string.Join(", ", addresses.Select(a => a.ToString())));
            return;
        }
        warned[(host, kind)] = now;
        logger.LogWarning("Outbound connection to {Host} refused: {Reason} address ({Addresses}); list it in BugSage:Network:AllowedPrivateHosts if it is meant to be reached",
            host, kind.Describe(), string.Join(", ", addresses.Select(a => a.ToString())));
    }

    private static string Unbracketed(string host) => host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
