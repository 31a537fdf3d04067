using System.Globalization;
using System.Text;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// One request to the registry proxy: a <c>CONNECT host:port</c> tunnel, or a plain HTTP request
/// in absolute form (<c>GET http://host/path</c>) with <see cref="Forwarded"/> its head as the
/// registry gets it: origin-form, its own <c>Host</c>, and <c>Connection: close</c> so that one
/// connection never carries a second request to another host.
/// </summary>
internal sealed record ProxyRequest(string Method, string Host, int Port, string? Forwarded)
{
    // Hop-by-hop headers, and Host: the registry is told the host the proxy checked, never another one a CDN might route by.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Upgrade",
    };

    public bool Tunnel => Method == "CONNECT";

    public string Target => $"{Host}:{Port}";

    /// <summary>The request in <paramref name="head"/> (its request line and headers, without the blank line), or why it is not one this proxy serves.</summary>
    public static (ProxyRequest? Request, string? Problem) Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper))
            return (null, "not an HTTP/1 request line");
        var (method, target, version) = (parts[0], parts[1], parts[2]);

        if (method == "CONNECT")
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                return (null, "CONNECT needs host:port");
            return (new ProxyRequest(method, target[..colon], port, null), null);
        }

        // Only plain HTTP arrives in absolute form; https goes through CONNECT, end to end encrypted.
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.UserInfo.Length > 0)
            return (null, "a proxy request names an http:// URL (https goes through CONNECT)");
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        var forwarded = new StringBuilder($"{method} {uri.PathAndQuery} {version}\r\n");
        foreach (var line in lines.Skip(1))
        {
            var name = line.Split(':', 2)[0].Trim();
            if (line.Length > 0 && !Dropped.Contains(name)) forwarded.Append(line).Append("\r\n");
        }
        forwarded.Append("Host: ").Append(uri.IsDefaultPort ? host : $"{host}:{uri.Port}").Append("\r\nConnection: close\r\n\r\n");
        return (new ProxyRequest(method, host, uri.Port, forwarded.ToString()), null);
    }
}
