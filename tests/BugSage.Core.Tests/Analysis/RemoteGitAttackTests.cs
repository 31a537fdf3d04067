using System.Diagnostics;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Analysis;

/// <summary>
/// Red-team finding (issue 14): git runs with an empty HOME, but OpenSSH does not read HOME: it
/// finds <c>~/.ssh/config</c>, <c>~/.ssh/id_*</c> and <c>~/.ssh/known_hosts</c> in the server
/// user's passwd entry. A tenant who links <c>git@github.com:someone-else/private.git</c> is then
/// cloned with whatever key the server's account holds (a deploy key set up for another
/// organization's link, the operator's own key), and the source comes back in analyses.
/// </summary>
public sealed class RemoteGitAttackTests
{
    private readonly ScriptedResolver resolver = new ScriptedResolver().Answer("github.example.test", "127.0.0.1");

    private RemoteGit Git() =>
        new(resolver.Policy("127.0.0.0/8"));

    [SshClientFact]
    public async Task Ssh_offers_none_of_the_server_accounts_keys_and_trusts_none_of_its_known_hosts()
    {
        var (_, environment) = await Git().PinAsync(GitRemote.Parse("git@github.example.test:victim/private.git"), CancellationToken.None);
        var command = environment["GIT_SSH_COMMAND"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        command[0].ShouldBe("ssh");

        // ssh -G prints the configuration the same command line would connect with, HOME as Git sets it.
        var empty = Directory.CreateTempSubdirectory("bugsage-ssh-home-").FullName;
        try
        {
            var psi = new ProcessStartInfo("ssh") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("-G");
            psi.ArgumentList.Add("git@github.example.test");
            psi.Environment.Clear();
            psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            psi.Environment["HOME"] = empty;
            using var ssh = Process.Start(psi)!;
            var settings = (await ssh.StandardOutput.ReadToEndAsync()).Split('\n');
            await ssh.WaitForExitAsync();

            var identities = settings.Where(l => l.StartsWith("identityfile ", StringComparison.Ordinal)).Select(l => l["identityfile ".Length..]).ToList();
            identities.ShouldAllBe(i => i == "none", "ssh would offer the server account's keys: " + string.Join(", ", identities));
            var home = PasswdHome();
            var knownHosts = settings.FirstOrDefault(l => l.StartsWith("userknownhostsfile ", StringComparison.Ordinal)) ?? "";
            knownHosts.ShouldNotContain(home + "/.ssh", Case.Sensitive, "ssh trusts the server account's known_hosts: " + knownHosts);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>The home directory OpenSSH uses: the passwd entry of the effective user, whatever HOME says.</summary>
    private static string PasswdHome()
    {
        var uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[2];
        var entry = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f.Length > 5 && f[2] == uid);
        return entry[5];
    }
}
