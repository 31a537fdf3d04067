using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// The bubblewrap sandbox every command that runs repository code goes through: new user, PID,
/// mount, IPC, UTS, network (and cgroup) namespaces; the toolchains read-only, a private
/// <c>/tmp</c>, a fresh <c>/proc</c> and a minimal <c>/dev</c>, the worktree read-write and nothing
/// else; no capabilities; CPU, memory and process limits. Probed once: when it cannot be set up,
/// <see cref="Unavailable"/> says why and callers run nothing.
/// </summary>
public sealed class Bubblewrap(string executable)
{
    /// <summary>Who the command runs as outside the sandbox when the server is root: never root itself.</summary>
    public const int SandboxUid = 65534;

    /// <summary>Who the command is inside; not 0, so that executing a program grants no capabilities back.</summary>
    private const string InsideUid = "1000";

    // Read-only: what compilers and interpreters load. Never /home, /root, /var, /srv, /proc or /sys of the host, nor
    // /etc/ssl/private (TLS keys a group of the server's account may read).
    private static readonly string[] TopLevel = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];
    private static readonly string[] Etc =
    [
        "/etc/alternatives", "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ca-certificates", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
        "/etc/localtime", "/etc/nsswitch.conf", "/etc/mime.types", "/etc/dotnet",
    ];

    public static Bubblewrap Host { get; } = new("bwrap");

    private readonly Lazy<string?> unavailable = new(() => Probe(executable));

    /// <summary>Why commands cannot run here (bwrap missing, user namespaces refused), or null when they can.</summary>
    public string? Unavailable => unavailable.Value;

    /// <summary>True when the server runs as root: the command is then started as <see cref="SandboxUid"/>, whose process count the kernel limits.</summary>
    public static bool ServerIsRoot { get; } = EffectiveUid() == 0;

    /// <summary>The process that runs <paramref name="command"/> with <c>sh -c</c> in the sandbox, its working directory the worktree.</summary>
    public ProcessStartInfo StartInfo(string command, string worktree, SandboxLimits limits) => StartInfo(command, worktree, limits, SandboxAccess.None);

    /// <summary>
    /// As above, with what <paramref name="access"/> adds; with a registry socket the command runs
    /// behind the forwarder's script, which is given the command as <c>$1</c> (never spliced into it).
    /// </summary>
    public ProcessStartInfo StartInfo(string command, string worktree, SandboxLimits limits, SandboxAccess access)
    {
        var psi = new ProcessStartInfo(ServerIsRoot ? "setpriv" : executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        var args = psi.ArgumentList;
        if (ServerIsRoot)
            foreach (var a in new[] { $"--reuid={SandboxUid}", $"--regid={SandboxUid}", "--clear-groups", "--inh-caps=-all", "--", executable }) args.Add(a);
        // The private /tmp is memory no process limit counts: it gets half of the memory limit, and no more.
        foreach (var a in Arguments(worktree, access, limits.MemoryBytes / 2)) args.Add(a);
        foreach (var a in new[] { "--", "/usr/bin/prlimit", $"--as={limits.MemoryBytes}", $"--cpu={limits.CpuSeconds}", $"--nproc={limits.Processes}", "--core=0", "/bin/sh", "-c" })
            args.Add(a);
        if (access is { RegistrySocket: not null, Forwarder: { } forwarder })
            foreach (var a in new[] { forwarder.Script, "restore" }) args.Add(a);
        args.Add(command);
        return psi;
    }

    /// <summary>bwrap's own arguments: the namespaces and the filesystem.</summary>
    public static IReadOnlyList<string> Arguments(string worktree) => Arguments(worktree, SandboxAccess.None);

    /// <summary>bwrap's own arguments, with the package cache and the registry socket when <paramref name="access"/> gives them.</summary>
    public static IReadOnlyList<string> Arguments(string worktree, SandboxAccess access, long? tmpBytes = null)
    {
        var args = new List<string>
        {
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--uid", InsideUid, "--gid", InsideUid, "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
        };
        foreach (var name in TopLevel)
        {
            var info = new DirectoryInfo("/" + name);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, "/" + name]);
            else if (info.Exists) args.AddRange(["--ro-bind", "/" + name, "/" + name]);
        }
        foreach (var path in Etc) args.AddRange(["--ro-bind-try", path, path]);
        if (DotnetRoot() is { } dotnet && !dotnet.StartsWith("/usr/", StringComparison.Ordinal)) args.AddRange(["--ro-bind", dotnet, dotnet]);
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        if (tmpBytes is { } size) args.AddRange(["--size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["--tmpfs", "/tmp", "--bind", worktree, worktree]);
        if (access.PackageCache is { } cache) args.AddRange([access.PackageCacheWritable ? "--bind" : "--ro-bind", cache, SandboxAccess.PackageCacheMount]);
        if (access.RegistrySocket is { } socket) args.AddRange(["--ro-bind", socket, Restore.RegistryForwarder.SocketMount]);
        args.AddRange(["--chdir", worktree]);
        return args;
    }

    /// <summary>When the server is root, hands the worktree to the sandbox user, who could not write it otherwise.</summary>
    public static async Task GrantAsync(string worktree, CancellationToken ct)
    {
        if (!ServerIsRoot) return;
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{SandboxUid}:{SandboxUid}", "--", worktree]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("chown did not start");
        var error = await chown.StandardError.ReadToEndAsync(ct);
        await chown.WaitForExitAsync(ct);
        if (chown.ExitCode != 0) throw new InvalidOperationException("cannot hand the worktree to the sandbox user: " + error.Trim());
    }

    /// <summary>When the server is root, lets the sandbox user reach (not list) the worktrees below <paramref name="directory"/>.</summary>
    public static void LetThrough(string directory)
    {
        if (ServerIsRoot && !OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Where the .NET SDK lives when it is not under /usr: the directory of the real <c>dotnet</c> on PATH.</summary>
    internal static string? DotnetRoot()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && Directory.Exists(root)) return Path.GetFullPath(root);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = new FileInfo(Path.Combine(dir, "dotnet"));
            if (!candidate.Exists) continue;
            var real = candidate.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate.FullName;
            return Path.GetDirectoryName(real);
        }
        return null;
    }

    /// <summary>Runs <c>true</c> in a sandbox exactly as commands will run, and answers why it failed.</summary>
    private static string? Probe(string executable)
    {
        if (!Installed(executable)) return "bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)";
        if (ServerIsRoot && !Installed("setpriv")) return "setpriv is not installed (Debian: apt-get install util-linux); it drops root before bubblewrap starts";
        var dir = Directory.CreateTempSubdirectory("bugsage-probe-").FullName;
        try
        {
            GrantAsync(dir, CancellationToken.None).GetAwaiter().GetResult();
            var psi = new Bubblewrap(executable).StartInfo("true", dir, SandboxLimits.Default);
            psi.Environment.Clear();
            psi.Environment["PATH"] = SandboxProcess.Path;
            using var process = SandboxLauncher.StartAsync(psi).GetAwaiter().GetResult();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap did not start within 10 s";
            }
            return process.ExitCode == 0 ? null : $"bubblewrap cannot create the sandbox here: {error.Result.Trim()}";
        }
        catch (Win32Exception e)
        {
            return "bubblewrap did not start: " + e.Message;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool Installed(string name) => Path.IsPathRooted(name)
        ? File.Exists(name)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>The effective user id, from <c>/proc/self/status</c> (no native call needed).</summary>
    private static int EffectiveUid()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = line?.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } ? int.Parse(fields[2], CultureInfo.InvariantCulture) : -1;
    }
}
