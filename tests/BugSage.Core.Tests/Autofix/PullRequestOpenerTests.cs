using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Autofix;

/// <summary>A repository's token travels only to an https remote.</summary>
public sealed class PullRequestOpenerTests
{
    [Fact]
    public async Task A_token_is_never_sent_to_a_plain_http_remote()
    {
        var resolver = new ScriptedResolver().Answer("git.example.test", "127.0.0.1");
        var policy = resolver.Policy("127.0.0.0/8");
        var shipper = new PullRequestOpener(null!, new RemoteGit(policy), Options.Create(new GitHubOptions()), NullLogger<PullRequestOpener>.Instance);
        var repository = new LinkedRepository { Name = "shop", Url = "http://git.example.test/acme/shop.git" };

        var shipment = await shipper.ShipAsync(repository, Path.GetTempPath(), "ghp_secret", "bugsage/fix", null!, CancellationToken.None);

        shipment.Pushed.ShouldBeFalse();
        shipment.PushError.ShouldBe("the repository's token is sent only to an https remote");
        resolver.Lookups("git.example.test").ShouldBe(0, "nothing was even looked up, let alone sent");
    }
}
