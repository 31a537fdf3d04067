using System.Text.RegularExpressions;

namespace BugSage.Core.Analysis.Source;

/// <summary>How git reaches a remote: not at all (a path on this server), over HTTP(S), ssh or the git protocol.</summary>
public enum GitTransport { Local, Http, Ssh, Git, Unsupported }

/// <summary>
/// Where a git remote URL makes git connect, read the way git reads it: <c>scheme://</c> URLs,
/// scp-like <c>[user@]host:path</c>, <c>transport::address</c> helpers and local paths. Parsing is
/// strict on purpose: whatever git (or curl, or ssh) would read differently from this, such as a
/// backslash, a percent sign or a trailing dot in the host, is <see cref="GitTransport.Unsupported"/>,
/// because the host checked must be the host git connects to.
/// </summary>
public sealed partial record GitRemote(GitTransport Transport, string Host = "", int Port = 0, string Prefix = "")
{
    private const string Name = @"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";
    private const string Host6 = @"\[[0-9A-Fa-f:.]+\]";

    [GeneratedRegex(@"^(?<prefix>(?<scheme>https?|ssh|git|git\+ssh|ssh\+git)://(?:(?<user>[A-Za-z0-9][A-Za-z0-9._~-]*)(?<password>:[^@/\s\\%]*)?@)?(?<host>" + Name + "|" + Host6 + @")(?::(?<port>[0-9]{1,5}))?)(?<path>/[^\s\\]*)?$")]
    private static partial Regex Url();

    [GeneratedRegex(@"^(?:[A-Za-z0-9][A-Za-z0-9._-]*@)?(?<host>" + Name + "|" + Host6 + @"):(?<path>[^:\s\\][^\s\\]*)$")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[A-Za-z0-9+.-]+::")]
    private static partial Regex Helper();

    /// <summary>Whether git connects anywhere for this remote.</summary>
    public bool IsNetwork => Transport is GitTransport.Http or GitTransport.Ssh or GitTransport.Git;

    /// <summary>
    /// Whether a URL carries a credential that would be stored and shown with it: a password
    /// (<c>user:secret@</c>, read by the same grammar that accepts the URL), or any user name on
    /// http(s), where a token often goes (<c>https://ghp_…@github.com/…</c>). ssh's <c>git@</c> is a
    /// user, not a secret.
    /// </summary>
    public static bool CarriesCredentials(string url) =>
        Url().Match(url) is { Success: true } m
        && (m.Groups["password"].Success || (m.Groups["user"].Success && m.Groups["scheme"].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase)));

    public static GitRemote Parse(string url)
    {
        if (url.Length == 0 || url.Any(char.IsControl)) return new(GitTransport.Unsupported);
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return new(GitTransport.Local);
        if (url.Contains("://", StringComparison.Ordinal))
        {
            var m = Url().Match(url);
            if (!m.Success) return new(GitTransport.Unsupported);
            var scheme = m.Groups["scheme"].Value;
            var (transport, port) = scheme switch
            {
                "https" => (GitTransport.Http, 443),
                "http" => (GitTransport.Http, 80),
                "git" => (GitTransport.Git, 9418),
                _ => (GitTransport.Ssh, 22),
            };
            if (m.Groups["port"].Success && (!int.TryParse(m.Groups["port"].Value, out port) || port is < 1 or > 65535)) return new(GitTransport.Unsupported);
            return new(transport, m.Groups["host"].Value, port, m.Groups["prefix"].Value + "/");
        }
        // git's own rule: a colon before any slash makes it scp-like ssh; otherwise it is a path.
        if (Helper().IsMatch(url)) return new(GitTransport.Unsupported);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOf('/', StringComparison.Ordinal);
        if (colon < 0 || (slash >= 0 && slash < colon)) return new(GitTransport.Local);
        var scp = ScpLike().Match(url);
        return scp.Success ? new(GitTransport.Ssh, scp.Groups["host"].Value, 22) : new(GitTransport.Unsupported);
    }
}
