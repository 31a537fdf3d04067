using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// The package registries the restore step may reach, by host name: <c>api.nuget.org</c> (HTTPS
/// on 443, plain HTTP on 80) or <c>npm.internal.example:4873</c> (that port only). IP literals
/// are never registries, so a command cannot name an address and go around the names.
/// </summary>
public sealed partial class RegistryHosts
{
    private readonly Dictionary<string, int?> hosts;

    private RegistryHosts(Dictionary<string, int?> hosts) => this.hosts = hosts;

    [GeneratedRegex(@"^(?<host>[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*)\.?(?::(?<port>\d{1,5}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Entry();

    /// <summary>Why <paramref name="entry"/> is not a registry host (<c>host</c> or <c>host:port</c>), or null when it is.</summary>
    public static string? Problem(string entry)
    {
        var trimmed = entry.Trim();
        const string address = "is an IP address; registries are named by host name";
        if (IPAddress.TryParse(trimmed.Trim('[', ']'), out _)) return $"'{entry}' {address}";
        var match = Entry().Match(trimmed);
        if (!match.Success) return $"'{entry}' is not a host name or host:port";
        if (IPAddress.TryParse(match.Groups["host"].Value, out _)) return $"'{entry}' {address}";
        if (match.Groups["port"].Success && int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) is < 1 or > 65535) return $"'{entry}' has no valid port";
        return null;
    }

    /// <summary>The hosts of <paramref name="entries"/>; call <see cref="Problem"/> first (options validation does).</summary>
    public static RegistryHosts Parse(IEnumerable<string> entries)
    {
        var hosts = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (Problem(entry) is not null) continue;
            var match = Entry().Match(entry.Trim());
            hosts[match.Groups["host"].Value] = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : null;
        }
        return new RegistryHosts(hosts);
    }

    public IReadOnlyCollection<string> Names => hosts.Keys;

    /// <summary>
    /// Whether a request for <paramref name="host"/>:<paramref name="port"/> may pass: the host is
    /// one of the registries by name, and the port is the entry's own or, for an entry without one,
    /// the scheme's (443 for a tunnel, 80 for plain HTTP).
    /// </summary>
    public bool Allows(string host, int port, bool tunnel)
    {
        var name = host.TrimEnd('.');
        if (IPAddress.TryParse(name.Trim('[', ']'), out _) || !hosts.TryGetValue(name, out var entryPort)) return false;
        return port == (entryPort ?? (tunnel ? 443 : 80));
    }
}
