using System.Diagnostics;

namespace BugSage.Core.Analysis.Source;

/// <summary>
/// Runs git with an argument list (never a shell), a time limit and no prompts, and with nothing
/// of the server's user: an empty HOME, no system or global configuration, no credential helpers,
/// no hooks, no fsmonitor command, no proxy, and only the file, https, ssh and (fetch-only) git
/// transports. Commands that reach a remote go through <see cref="RemoteGit"/>.
/// </summary>
public static class Git
{
    public sealed record Result(int ExitCode, string Output, string Error);

    // Variables passed through: where git and its helpers are, and which certificates to trust. No proxy
    // variables: git reaches remotes directly, at the address the outbound policy checked (RemoteGit).
    private static readonly string[] Inherited = ["PATH", "LANG", "LC_ALL", "SSL_CERT_FILE", "SSL_CERT_DIR"];

    // An empty directory for HOME and for core.hooksPath: no ~/.ssh, ~/.netrc or ~/.gitconfig, and no hook,
    // whatever a repository's own configuration or .git/hooks holds.
    private static readonly Lazy<string> Empty = new(() => Directory.CreateTempSubdirectory("bugsage-git-empty-").FullName);

    /// <summary>The <c>-c</c> settings every git command runs with.</summary>
    public static IReadOnlyList<string> Hardening =>
    [
        "-c", $"core.hooksPath={Empty.Value}", "-c", "core.fsmonitor=false", "-c", "credential.helper=",
        // git:// is fetch-only and carries no credentials; links accept it (RepositoriesApi), so clones must too.
        "-c", "protocol.allow=never", "-c", "protocol.file.allow=always", "-c", "protocol.https.allow=always", "-c", "protocol.ssh.allow=always",
        "-c", "protocol.git.allow=always",
    ];

    /// <param name="environment">Extra variables, for what must not appear in the process's arguments (a push credential).</param>
    /// <param name="maxOutputChars">
    /// The most output read before git is stopped and <see cref="InvalidOperationException"/> thrown: for commands whose output
    /// a repository's content sizes (a log of a linked repository), so that it cannot fill the server's memory.
    /// </param>
    public static async Task<Result> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken ct, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, int? maxOutputChars = null)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = arguments.ToList();
        foreach (var a in Hardening.Concat(args)) psi.ArgumentList.Add(a);
        // None of the server's environment (connection strings, tokens) reaches git or what it starts.
        psi.Environment.Clear();
        foreach (var name in Inherited)
            if (Environment.GetEnvironmentVariable(name) is { } value) psi.Environment[name] = value;
        psi.Environment["HOME"] = Empty.Value;
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_ASKPASS"] = "true";
        psi.Environment["SSH_ASKPASS"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("git did not start");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var overflowed = false;
        var output = maxOutputChars is { } max
            ? ReadBoundedAsync(process.StandardOutput, max, () => { overflowed = true; process.Kill(entireProcessTree: true); }, limit.Token)
            : process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"git {string.Join(' ', args.Take(2))} ran past its time limit");
        }
        var printed = await output;
        if (overflowed) throw new InvalidOperationException($"git {string.Join(' ', args.Take(2))} printed more than {maxOutputChars} characters");
        return new Result(process.ExitCode, printed, await error);
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, int max, Action overflow, CancellationToken ct)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            if (text.Length + read > max)
            {
                overflow();
                return "";
            }
            text.Append(buffer, 0, read);
        }
        return text.ToString();
    }
}
