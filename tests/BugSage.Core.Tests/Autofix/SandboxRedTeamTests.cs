using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Configuration;
using BugSage.Core.Security;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// A hostile repository's test command tries to reach past its worktree: the server's data and
/// keys, another tenant's clone, the server process, loopback, the git hooks of the linked
/// repository, and the machine's processes and memory. Every attempt fails and nothing outside
/// the worktree changes.
/// </summary>
public sealed class SandboxRedTeamTests : IDisposable
{
    private readonly TestRepository linked = new TestRepository().Commit("app", ("app.py", "def answer():\n    return 41\n"));
    private readonly TestRepository otherTenant = new TestRepository().Commit("theirs", ("billing.py", "OTHER_TENANT_SOURCE = 'sk-other-tenant'\n"));
    private readonly string data = Directory.CreateTempSubdirectory("bugsage-data-").FullName;
    private readonly string tag = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public SandboxRedTeamTests() =>
        Bubblewrap.Host.Unavailable.ShouldBeNull("these tests need bubblewrap (Debian: apt-get install bubblewrap) and user namespaces; .ci/run installs it");

    public void Dispose()
    {
        KillTagged();
        linked.Dispose();
        otherTenant.Dispose();
        Directory.Delete(data, recursive: true);
    }

    /// <summary>The baseline run of <paramref name="command"/> as the linked repository's test command.</summary>
    private async Task<string> RunAsTestCommand(string command, SandboxLimits? limits = null)
    {
        var run = await ValidationSandbox.ValidateAsync(linked.Path, "HEAD", null, command, [], limits ?? SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        return run.Baseline.Log;
    }

    [Fact]
    public async Task The_data_directory_keys_inbox_and_other_tenants_repositories_can_be_neither_read_nor_written()
    {
        var db = Path.Combine(data, "bugsage.db");
        var key = Path.Combine(data, "keys", "secrets.key");
        var inbox = Path.Combine(data, "inbox", "segment-000001");
        var unnamed = Path.Combine(data, "exports", "tenant-42-export.json");
        foreach (var (path, text) in new[] { (db, "SQLite format 3 jwt-signing-key-7f3a"), (key, "key-file-91c2"), (inbox, "inbox-event-5d1e"), (unnamed, "{}") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text);
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var homeEntry = Directory.Exists(home) ? Directory.EnumerateFileSystemEntries(home).Select(Path.GetFileName).FirstOrDefault(n => n!.Length > 3) : null;

        var log = await RunAsTestCommand(
            $"cat '{db}' '{key}' '{inbox}' '{otherTenant.Path}/billing.py'; ls -aR '{data}' '{otherTenant.Path}' '{home}'; " +
            $"echo overwritten > '{db}'; echo planted > '{data}/planted'; rm -rf '{otherTenant.Path}/.git'; echo finished");

        log.ShouldContain("finished", customMessage: "the command ran");
        foreach (var secret in new[] { "jwt-signing-key-7f3a", "key-file-91c2", "inbox-event-5d1e", "sk-other-tenant", "exports" })
            log.ShouldNotContain(secret);
        if (homeEntry is not null) log.ShouldNotContain(homeEntry, customMessage: "the home directory is not visible");
        (await File.ReadAllTextAsync(db)).ShouldBe("SQLite format 3 jwt-signing-key-7f3a");
        File.Exists(Path.Combine(data, "planted")).ShouldBeFalse();
        Directory.Exists(Path.Combine(otherTenant.Path, ".git")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_server_key_file_made_as_the_server_makes_it_cannot_be_read()
    {
        var path = Path.Combine(data, SecretsOptions.DefaultFileName);
        var key = Convert.ToBase64String(ServerKeyFile.Create(path));

        var log = await RunAsTestCommand($"cat '{path}'; dd if='{path}' bs=64 count=1; echo finished");

        log.ShouldContain("finished", customMessage: "the command ran");
        log.ShouldNotContain(key);
    }

    [Fact]
    public async Task The_server_process_and_its_environment_are_out_of_reach()
    {
        // A stand-in for the server: a process of the same user with a connection string in its environment.
        var psi = new ProcessStartInfo("sleep", "300") { RedirectStandardOutput = true };
        psi.Environment["BUGSAGE_DATABASE"] = "Host=db;Password=hunter2-redteam";
        using var server = Process.Start(psi)!;
        try
        {
            var log = await RunAsTestCommand(
                $"cat /proc/{server.Id}/environ /proc/{Environment.ProcessId}/environ; test -e /proc/{server.Id} && echo SAW-THE-SERVER; " +
                $"kill -9 {server.Id}; tr '\\0' '\\n' < /proc/1/environ; echo finished");

            log.ShouldContain("finished");
            log.ShouldNotContain("hunter2-redteam");
            log.ShouldNotContain("SAW-THE-SERVER");
            server.HasExited.ShouldBeFalse("the sandbox cannot signal the server's processes");
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public async Task A_connection_to_loopback_never_arrives()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var log = await RunAsTestCommand($"python3 -c \"import socket; socket.create_connection(('127.0.0.1', {port}), 3); print('CONNECTED')\"; echo finished");

        log.ShouldContain("finished");
        log.ShouldNotContain("CONNECTED");
        listener.Pending().ShouldBeFalse("no connection reached the listener");
    }

    [Fact]
    public async Task Background_processes_do_not_outlive_the_command()
    {
        var log = await RunAsTestCommand(
            $"nohup sleep 3600.{tag} >/dev/null 2>&1 & (setsid sh -c 'sleep 3601.{tag}' >/dev/null 2>&1 &); echo finished");

        log.ShouldContain("finished");
        (await NoTaggedProcessWithin(TimeSpan.FromSeconds(5))).ShouldBeTrue("every process the command started is gone once it returns");
    }

    [Fact]
    public async Task A_planted_git_hook_never_runs_and_the_linked_repository_is_unchanged()
    {
        var marker = Path.Combine(data, "hook-ran");
        var gitDir = Path.Combine(linked.Path, ".git");
        var before = Snapshot(gitDir);
        var hook = $"#!/bin/sh\\ntouch \"{marker}\"\\n";
        var names = new[] { "post-checkout", "pre-commit", "post-commit", "reference-transaction", "pre-push" };

        var log = await RunAsTestCommand(
            "common=\"$(sed -n 's/^gitdir: //p' .git)/../..\"; " +
            $"for d in \"$common/hooks\" '{gitDir}/hooks'; do for h in {string.Join(' ', names)}; do printf '{hook}' > \"$d/$h\" && chmod +x \"$d/$h\" && echo \"wrote $d/$h\"; done; done; " +
            $"git --git-dir=\"$common\" config core.fsmonitor \"touch '{marker}'\"; git config --file '{gitDir}/config' core.hooksPath \"$common/hooks\"; echo finished");
        log.ShouldContain("finished");

        // Later git work on the repository: another validation (a worktree) and an approved fix (a commit).
        await RunAsTestCommand("true");
        var diff = linked.DiffTo("app.py", "def answer():\n    return 42\n");
        await FixCommitter.ApplyAsync(linked.Path, "HEAD", "APP-1", "answer", "http://bugsage/issues/1", diff, CancellationToken.None);
        linked.Git("status");

        File.Exists(marker).ShouldBeFalse("no hook planted by the command ever ran");
        Snapshot(gitDir).ShouldBe(before, "the linked repository's hooks and configuration are unchanged");
    }

    [Fact]
    public async Task A_fork_bomb_is_bounded_and_leaves_nothing_behind()
    {
        var bomb = "import os\\nn = 0\\ntry:\\n    for _ in range(1000):\\n        if os.fork() == 0:\\n" +
                   $"            os.execvp(\"sleep\", [\"sleep\", \"3602.{tag}\"])\\n        n += 1\\n    print(\"forked\", n)\\n" +
                   "except OSError as e:\\n    print(\"fork refused after\", n, e)\\n";
        var clock = Stopwatch.StartNew();

        // A low ceiling keeps the test quick: the kernel takes tens of milliseconds per process to tear the namespace down.
        var log = await RunAsTestCommand($"printf '{bomb}' > bomb.py && python3 bomb.py; echo finished",
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1), Processes = 128 });

        log.ShouldContain("fork refused after");
        log.ShouldContain("finished");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(50));
        (await NoTaggedProcessWithin(TimeSpan.FromSeconds(5))).ShouldBeTrue("the bomb's processes are gone");
    }

    [Fact]
    public async Task Printing_100_MB_is_cut_off_and_the_command_stopped()
    {
        var clock = Stopwatch.StartNew();

        var log = await RunAsTestCommand("head -c 100000000 /dev/zero | tr '\\0' x; echo; echo PRINTED-EVERYTHING");

        log.ShouldNotContain("PRINTED-EVERYTHING", customMessage: "the command is stopped once its output passes the limit");
        log.Length.ShouldBeLessThan(256 * 1024);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(50));
    }

    [Fact]
    public async Task When_the_sandbox_cannot_be_set_up_nothing_runs_and_the_result_says_why()
    {
        var missing = new Bubblewrap("/nonexistent/bwrap");
        var marker = Path.Combine(linked.Path, "ran");

        var result = await SandboxProcess.RunAsync(missing, $"touch '{marker}'", linked.Path, SandboxLimits.Default, CancellationToken.None);

        result.Refused.ShouldNotBeNull().ShouldContain("not installed");
        (result.ExitCode, result.NetworkIsolated).ShouldBe((-1, false));
        result.Output.ShouldContain("not run");
        File.Exists(marker).ShouldBeFalse("no fallback to running unsandboxed");
    }

    [Fact]
    public async Task Each_refusal_is_reported_in_the_log()
    {
        // One stream, in order: on two, the flood on stdout could fill the log before the refusals on stderr were read.
        var log = await RunAsTestCommand(
            "{ cat /etc/shadow; ls /etc/ssl/private; touch /usr/planted; python3 -c \"import socket; socket.create_connection(('192.0.2.1', 443), 2)\"; " +
            "head -c 10000000 /dev/zero; } 2>&1", SandboxLimits.Default with { OutputBytes = 1 << 20 });

        log.ShouldContain("/etc/shadow: No such file or directory");
        log.ShouldContain("cannot access '/etc/ssl/private': No such file or directory");
        log.ShouldContain("Read-only file system");
        log.ShouldContain("Network is unreachable");
        log.ShouldContain("[sandbox] stopped after printing more than 1024 KiB");
    }

    /// <summary>The names, sizes and contents of a git directory's hooks and config.</summary>
    private static string Snapshot(string gitDir) =>
        string.Join('\n', Directory.EnumerateFiles(Path.Combine(gitDir, "hooks")).Order().Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"))
        + "\n" + File.ReadAllText(Path.Combine(gitDir, "config"));

    private async Task<bool> NoTaggedProcessWithin(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (TaggedProcesses().Count > 0)
        {
            if (clock.Elapsed > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>Host processes whose command line carries this test's tag.</summary>
    private List<int> TaggedProcesses()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains($".{tag}", StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { /* gone meanwhile */ }
            catch (UnauthorizedAccessException) { /* not ours */ }
        }
        return found;
    }

    private void KillTagged()
    {
        foreach (var pid in TaggedProcesses())
        {
            try { Process.GetProcessById(pid).Kill(); }
            catch (ArgumentException) { /* gone meanwhile */ }
            catch (InvalidOperationException) { /* gone meanwhile */ }
        }
    }
}
