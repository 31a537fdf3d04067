using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Tests.Analysis;

/// <summary>Remote URLs are read the way git reads them, and anything git (or curl, or ssh) might read differently is refused.</summary>
public class GitRemoteTests
{
    [Theory]
    [InlineData("https://github.com/acme/shop.git", GitTransport.Http, "github.com", 443)]
    [InlineData("http://git.example.com:8080/shop.git", GitTransport.Http, "git.example.com", 8080)]
    [InlineData("https://x-access-token:abc@git.example.com/shop", GitTransport.Http, "git.example.com", 443)]
    [InlineData("ssh://git@git.example.com/acme/shop.git", GitTransport.Ssh, "git.example.com", 22)]
    [InlineData("ssh://git@git.example.com:2222/acme/shop.git", GitTransport.Ssh, "git.example.com", 2222)]
    [InlineData("git+ssh://git.example.com/shop.git", GitTransport.Ssh, "git.example.com", 22)]
    [InlineData("git@github.com:acme/shop.git", GitTransport.Ssh, "github.com", 22)]
    [InlineData("github.com:acme/shop.git", GitTransport.Ssh, "github.com", 22)]
    [InlineData("git@[::1]:shop.git", GitTransport.Ssh, "[::1]", 22)]
    [InlineData("git://git.example.com/shop.git", GitTransport.Git, "git.example.com", 9418)]
    [InlineData("git://127.0.0.1:9419/shop.git", GitTransport.Git, "127.0.0.1", 9419)]
    [InlineData("https://[::ffff:127.0.0.1]/shop.git", GitTransport.Http, "[::ffff:127.0.0.1]", 443)]
    public void A_network_remote_names_the_host_and_port_git_connects_to(string url, GitTransport transport, string host, int port)
    {
        var remote = GitRemote.Parse(url);
        (remote.Transport, remote.Host, remote.Port, remote.IsNetwork).ShouldBe((transport, host, port, true));
    }

    [Theory]
    [InlineData("/srv/git/shop.git")]
    [InlineData("./shop")]
    [InlineData("file:///srv/git/shop.git")]
    [InlineData("shop/x:y")]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    public void A_path_is_local(string url) => GitRemote.Parse(url).Transport.ShouldBe(GitTransport.Local);

    [Theory]
    [InlineData("https::https://127.0.0.1/shop.git")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("ftp://git.example.com/shop.git")]
    [InlineData("https://git.example.com\\@127.0.0.1/shop.git")]
    [InlineData("https://git.example.com%2f@127.0.0.1/shop.git")]
    [InlineData("https://127.0.0.1%2e/shop.git")]
    [InlineData("https://git.example.com./shop.git")]
    [InlineData("ssh://-oProxyCommand=touch/shop.git")]
    [InlineData("-oProxyCommand=x:shop.git")]
    [InlineData("https://git.example.com:99999/shop.git")]
    [InlineData("https://git.example.com/shop\n.git")]
    [InlineData("")]
    public void Anything_read_two_ways_is_unsupported(string url) => GitRemote.Parse(url).Transport.ShouldBe(GitTransport.Unsupported);

    [Fact]
    public void A_git_protocol_remote_keeps_its_prefix_as_written_for_the_rewrite() =>
        GitRemote.Parse("git://Shop.Example.Test:9418/a/shop.git").Prefix.ShouldBe("git://Shop.Example.Test:9418/");
}
