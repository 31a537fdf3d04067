using System.Net;
using System.Net.Sockets;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Analysis;

/// <summary>
/// git reaches a remote only at the address the outbound policy checked. The names used here
/// resolve nowhere but in the test's resolver, so a command that reaches the served repository
/// proves git connected to the pinned address and did not look the name up itself.
/// </summary>
public sealed class RemoteGitTests : IDisposable
{
    private readonly ScriptedResolver resolver = new ScriptedResolver().Answer("shop.example.test", "127.0.0.1");
    private readonly TestRepository repository = new TestRepository().Commit("init", ("a.txt", "a\n"));
    private readonly string work = Directory.CreateTempSubdirectory("bugsage-remote-git-").FullName;

    private RemoteGit Git(params string[] allowed) =>
        new(resolver.Policy(allowed));

    private string Head => repository.Git("rev-parse", "HEAD").Trim();

    [Fact]
    public async Task An_http_remote_is_fetched_from_the_checked_address_and_never_redirected()
    {
        await using var server = await GitHttpServer.ServeAsync(repository);
        // Plain http is not among the transports BugSage's git allows; this command allows it to reach the test's server.
        var listed = await Git("127.0.0.0/8").RunAsync(work, server.Url("shop.example.test"), ["-c", "protocol.http.allow=always", "ls-remote", server.Url("shop.example.test")], CancellationToken.None);
        listed.Error.ShouldBeEmpty();
        listed.Output.ShouldContain(Head);

        var (settings, _) = await Git("127.0.0.0/8").PinAsync(GitRemote.Parse(server.Url("shop.example.test")), CancellationToken.None);
        settings.ShouldBe(["-c", "http.followRedirects=false", "-c", "http.proxy=", "-c", $"http.curloptResolve=shop.example.test:{server.Port}:127.0.0.1"]);
    }

    [Fact]
    public async Task A_git_protocol_remote_is_rewritten_to_the_checked_address()
    {
        await using var daemon = await GitDaemon.ServeAsync(repository);
        var cloned = await Git("127.0.0.0/8").RunAsync(work, daemon.Url("shop.example.test"), ["clone", "-q", "--", daemon.Url("shop.example.test"), "copy"], CancellationToken.None);
        cloned.ExitCode.ShouldBe(0, cloned.Error);
        File.ReadAllText(Path.Combine(work, "copy", "a.txt")).ShouldBe("a\n");
        // The clone remembers the name, not the address: the next fetch is checked and pinned again.
        (await Core.Analysis.Source.Git.RunAsync(Path.Combine(work, "copy"), ["config", "--get", "remote.origin.url"], CancellationToken.None)).Output.Trim()
            .ShouldBe(daemon.Url("shop.example.test"));
    }

    [SshClientFact]
    public async Task An_ssh_remote_connects_to_the_checked_address_and_checks_the_key_under_the_name()
    {
        var closed = ClosedPort();
        var url = $"ssh://git@shop.example.test:{closed}/shop.git";
        var failed = await Git("127.0.0.0/8").RunAsync(work, url, ["ls-remote", url], CancellationToken.None);
        failed.ExitCode.ShouldNotBe(0);
        failed.Error.ShouldContain($"connect to host 127.0.0.1 port {closed}");
        failed.Error.ShouldNotContain("Could not resolve");

        var (_, environment) = await Git("127.0.0.0/8").PinAsync(GitRemote.Parse("git@shop.example.test:acme/shop.git"), CancellationToken.None);
        environment["GIT_SSH_COMMAND"].ShouldBe("ssh -F /dev/null -o IdentitiesOnly=yes -o IdentityFile=none -o IdentityAgent=none -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o HostName=127.0.0.1 -o CheckHostIP=no -o ProxyCommand=none -o ProxyJump=none -o BatchMode=yes -o HostKeyAlias=shop.example.test");
    }

    [Theory]
    [InlineData("https://shop.example.test/shop.git")]
    [InlineData("git://127.0.0.1/shop.git")]
    [InlineData("ssh://git@[::1]/shop.git")]
    [InlineData("git@shop.example.test:shop.git")]
    [InlineData("https://[::ffff:127.0.0.1]/shop.git")]
    public async Task Without_the_setting_a_loopback_remote_is_refused_before_git_runs(string url)
    {
        var refused = await Should.ThrowAsync<OutboundRefusedException>(() => Git().RunAsync(work, url, ["ls-remote", url], CancellationToken.None));
        refused.Refused.ShouldBe(AddressClass.Loopback);
    }

    [Fact]
    public async Task A_remote_rebound_to_loopback_after_it_was_linked_is_refused_at_the_fetch()
    {
        await using var daemon = await GitDaemon.ServeAsync(repository);
        var policy = resolver.Policy();
        resolver.Answer("rebind.example.test", "93.184.216.34");
        (await policy.RefusalAsync("rebind.example.test", CancellationToken.None)).ShouldBeNull();

        resolver.Answer("rebind.example.test", "127.0.0.1");
        await Should.ThrowAsync<OutboundRefusedException>(() => new RemoteGit(policy).RunAsync(work, daemon.Url("rebind.example.test"), ["ls-remote", daemon.Url("rebind.example.test")], CancellationToken.None));
    }

    [Fact]
    public async Task A_path_is_not_a_network_remote_and_a_helper_transport_is_never_run()
    {
        (await Git().RunAsync(work, repository.Path, ["ls-remote", repository.Path], CancellationToken.None)).Output.ShouldContain(Head);
        var refused = await Should.ThrowAsync<IOException>(() => Git().RunAsync(work, "https::https://127.0.0.1/shop.git", ["ls-remote", "https::https://127.0.0.1/shop.git"], CancellationToken.None));
        refused.ShouldNotBeOfType<OutboundRefusedException>();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        repository.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
