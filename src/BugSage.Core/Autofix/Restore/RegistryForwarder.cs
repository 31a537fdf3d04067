using System.Globalization;
using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Autofix.Restore;

/// <summary>
/// Carries the restore command's connections from loopback inside the sandbox to the registry
/// proxy's socket: <c>socat</c> (Debian <c>socat</c>), started in the sandbox before the command,
/// which then finds an HTTP proxy on <see cref="ProxyUrl"/>. Probed once: when it is missing the
/// restore step refuses to run, and never runs with a network of its own instead.
/// </summary>
public sealed class RegistryForwarder(string executable)
{
    /// <summary>Where the proxy's socket is inside the sandbox.</summary>
    public const string SocketMount = "/run/bugsage/registry.sock";

    /// <summary>The loopback port inside the sandbox that leads to the proxy (the sandbox has its own loopback, so nothing else is there).</summary>
    public const int Port = 3128;

    public static RegistryForwarder Host { get; } = new("socat");

    private readonly Lazy<(string? Path, string? Unavailable)> found = new(() => Find(executable));

    public static string ProxyUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Why the restore step cannot reach the proxy here (socat missing), or null when it can.</summary>
    public string? Unavailable => found.Value.Unavailable;

    /// <summary>
    /// The <c>sh -c</c> script that runs the restore command given as <c>$1</c>: socat listens on
    /// loopback and forwards each connection to the socket; the command starts once it listens
    /// (read from the sandbox's own <c>/proc/net/tcp</c>, so nothing connects just to find out).
    /// </summary>
    public string Script
    {
        get
        {
            var listening = $" 0100007F:{Port.ToString("X4", CultureInfo.InvariantCulture)} 00000000:0000 0A ";
            // -t 60: after one side of a connection ends, the other may still finish its answer.
            return $"'{found.Value.Path}' -t 60 TCP-LISTEN:{Port},bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:{SocketMount} &\n" +
                   "i=0\n" +
                   $"until grep -q '{listening}' /proc/net/tcp; do\n" +
                   "  i=$((i+1)); if [ $i -gt 200 ]; then echo '[restore] the registry forwarder (socat) did not start' >&2; exit 125; fi; sleep 0.05\n" +
                   "done\n" +
                   "exec /bin/sh -c \"$1\"\n";
        }
    }

    /// <summary>The forwarder's path, which must be one the sandbox mounts (below /usr or /bin), or why there is none.</summary>
    private static (string? Path, string? Unavailable) Find(string executable)
    {
        const string install = "(Debian: apt-get install socat); it carries the restore step's connections to BugSage's registry proxy";
        var path = System.IO.Path.IsPathRooted(executable)
            ? (File.Exists(executable) ? executable : null)
            : SandboxProcess.Path.Split(':').Select(dir => System.IO.Path.Combine(dir, executable)).FirstOrDefault(File.Exists);
        if (path is null) return (null, $"{executable} is not installed {install}");
        var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        string[] visible = ["/usr/", "/bin/", "/sbin/", "/lib/"];
        if (!visible.Any(v => real.StartsWith(v, StringComparison.Ordinal)) || path.Contains('\'', StringComparison.Ordinal))
            return (null, $"{path} is not where the sandbox can run it (below /usr or /bin) {install}");
        return (path, null);
    }
}
