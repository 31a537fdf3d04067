using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Tests.Analysis;

/// <summary>
/// Red team 14b: URLs that GitRemote.Parse accepts as network remotes with a password in them, but
/// that System.Uri did not see: '#' or '?' in the password ends System.Uri's
/// authority, so TryCreate fails or reads no user info, and the URL is stored and served in clear.
/// </summary>
public sealed class GitRemoteAttack14bTests
{
    [Theory]
    [InlineData("https://deploy:s3cr#t@git.example.com/shop.git")]
    [InlineData("https://deploy:s3cr?t@git.example.com/shop.git")]
    [InlineData("ssh://deploy:pa#ss@git.example.com/shop.git")]
    [InlineData("https://ghp_TokenAsUser@github.com/acme/shop.git")]
    public void A_password_the_parser_accepts_is_refused(string url)
    {
        Assert.True(GitRemote.Parse(url).IsNetwork);
        Assert.True(GitRemote.CarriesCredentials(url));
    }

    [Theory]
    [InlineData("https://github.com/acme/shop.git")]
    [InlineData("ssh://git@github.com/acme/shop.git")]
    [InlineData("git@github.com:acme/shop.git")]
    public void A_url_without_credentials_is_accepted(string url) => Assert.False(GitRemote.CarriesCredentials(url));
}
