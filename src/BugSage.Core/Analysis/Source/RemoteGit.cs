using System.Globalization;
using System.Net;
using BugSage.Core.Outbound;

namespace BugSage.Core.Analysis.Source;

/// <summary>
/// Runs git commands that reach a remote (clone, fetch, push) through the outbound policy: the
/// remote's host is resolved and checked first, then git is made to connect to a checked address
/// and to nothing else, so a name that resolves differently the second time changes nothing.
/// <list type="bullet">
/// <item>http(s): curl is given the address (<c>http.curloptResolve</c>, git 2.37 or newer), and
/// follows no redirect (nor, with it, any <c>http-alternates</c>) and no proxy.</item>
/// <item>ssh and <c>user@host:path</c>: ssh connects to the address (<c>HostName</c>) and checks the
/// host key under the name (<c>HostKeyAlias</c>); no <c>ProxyCommand</c> or <c>ProxyJump</c>, and nothing of
/// the server account's ssh (configuration, keys, agent, known hosts).</item>
/// <item>git://: the URL is rewritten to the address (<c>url.*.insteadOf</c>); no <c>core.gitProxy</c>.</item>
/// </list>
/// Local paths are not network remotes and are left to the server path rule.
/// </summary>
public sealed class RemoteGit(OutboundPolicy policy)
{
    private static readonly Version PinningGit = new(2, 37);
    private static readonly Lazy<Task<Version?>> InstalledGit = new(ReadVersionAsync);

    /// <exception cref="OutboundRefusedException">The remote's host resolves only to refused addresses.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The remote's host name does not resolve.</exception>
    /// <exception cref="IOException">The URL is not one git reaches in a way this server can check.</exception>
    public async Task<Git.Result> RunAsync(string workingDirectory, string remote, IReadOnlyList<string> arguments, CancellationToken ct, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (settings, pinned) = await PinAsync(GitRemote.Parse(remote), ct);
        var merged = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        foreach (var (name, value) in pinned) merged[name] = value;
        return await Git.RunAsync(workingDirectory, [.. settings, .. arguments], ct, timeout, merged);
    }

    /// <summary>The <c>-c</c> settings and environment that hold git to a checked address of the remote.</summary>
    internal async Task<(IReadOnlyList<string> Settings, IReadOnlyDictionary<string, string> Environment)> PinAsync(GitRemote remote, CancellationToken ct)
    {
        if (remote.Transport == GitTransport.Local) return ([], new Dictionary<string, string>());
        if (!remote.IsNetwork) throw new IOException("the remote is not an https, http, ssh or git URL, user@host:path, or a path on this server");
        var addresses = await policy.AddressesAsync(remote.Host, ct);
        var literal = IPAddress.TryParse(remote.Host.Trim('[', ']'), out _);
        var port = remote.Port.ToString(CultureInfo.InvariantCulture);
        switch (remote.Transport)
        {
            case GitTransport.Http:
                // An older git ignores http.curloptResolve and would resolve the name again itself.
                var version = await InstalledGit.Value;
                if (version is null || version < PinningGit)
                    throw new IOException($"git {version?.ToString() ?? "of an unknown version"} cannot be held to a checked address for http remotes; git {PinningGit} or newer can");
                List<string> settings = ["-c", "http.followRedirects=false", "-c", "http.proxy="];
                if (!literal) settings.AddRange(["-c", $"http.curloptResolve={remote.Host}:{port}:{string.Join(',', addresses.Select(Bracketed))}"]);
                return (settings, new Dictionary<string, string>());
            case GitTransport.Ssh:
                // Names and addresses are from GitRemote's strict grammar: nothing here needs shell quoting.
                // OpenSSH finds ~/.ssh through the account, not HOME: no configuration file, key or known_hosts of the
                // server's account may serve one tenant's link (its keys may open another organization's repositories).
                // Host keys are checked against the system list only (/etc/ssh/ssh_known_hosts, the operator's).
                var ssh = $"ssh -F /dev/null -o IdentitiesOnly=yes -o IdentityFile=none -o IdentityAgent=none -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes" +
                    $" -o HostName={addresses[0]} -o CheckHostIP=no -o ProxyCommand=none -o ProxyJump=none -o BatchMode=yes";
                if (!literal) ssh += $" -o HostKeyAlias={remote.Host}";
                return ([], new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = ssh, ["GIT_SSH_VARIANT"] = "ssh" });
            default:
                // An empty GIT_PROXY_COMMAND outranks any core.gitProxy in a repository's configuration.
                var environment = new Dictionary<string, string> { ["GIT_PROXY_COMMAND"] = "" };
                return literal
                    ? ([], environment)
                    : (["-c", $"url.git://{Bracketed(addresses[0])}:{port}/.insteadOf={remote.Prefix}"], environment);
        }
    }

    private static string Bracketed(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static async Task<Version?> ReadVersionAsync()
    {
        // "git version 2.39.5" (distributions may append more after the numbers).
        var result = await Git.RunAsync(Path.GetTempPath(), ["version"], CancellationToken.None);
        var words = result.Output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 && Version.TryParse(string.Join('.', words[2].Split('.').Take(3).TakeWhile(p => p.All(char.IsAsciiDigit))), out var version) ? version : null;
    }
}
