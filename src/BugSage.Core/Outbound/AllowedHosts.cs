using System.Net;
using System.Text.RegularExpressions;

namespace BugSage.Core.Outbound;

/// <summary>The parsed <see cref="NetworkOptions.AllowedPrivateHosts"/>: exact host names, and address ranges.</summary>
public sealed partial class AllowedHosts
{
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> ranges = [];

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    public static partial Regex HostName();

    /// <exception cref="FormatException">An entry is neither a host name, an IP address nor a CIDR range.</exception>
    public AllowedHosts(IEnumerable<string> entries)
    {
        // Blank entries are skipped, so an environment variable can switch an entry off.
        foreach (var entry in entries.Select(e => e?.Trim() ?? "").Where(e => e.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
                ranges.Add(IPNetwork.TryParse(entry, out var range) ? range : throw new FormatException($"'{entry}' is not a CIDR range (the network address, e.g. 10.0.0.0/8)"));
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var address))
            {
                var single = AddressClassifier.Canonical(address);
                ranges.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (HostName().IsMatch(entry.TrimEnd('.')))
                names.Add(entry.TrimEnd('.'));
            else
                throw new FormatException($"'{entry}' is neither a host name, an IP address nor a CIDR range");
        }
    }

    /// <summary>Whether the entries name this host (as written in the URL).</summary>
    public bool Names(string host) => names.Contains(host.TrimEnd('.'));

    /// <summary>Whether an entry's address or range holds this address.</summary>
    public bool Holds(IPAddress address)
    {
        var canonical = AddressClassifier.Canonical(address);
        if (canonical.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && canonical.ScopeId != 0) canonical = new IPAddress(canonical.GetAddressBytes());
        return ranges.Any(r => r.Contains(canonical));
    }
}
