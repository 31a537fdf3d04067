using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Tests.Analysis;

/// <summary>
/// Red team 14b: URLs that GitRemote.Parse accepts as network remotes with a password in them, but
/// that CarriesPassword (System.Uri) does not see: '#' or '?' in the password ends System.Uri's
/// authority, so TryCreate fails or reads no user info, and the URL is stored and served in clear.
/// </summary>
public sealed class GitRemoteAttack14bTests
{
    [Theory]
    [InlineData("https://deploy:s3cr#t@git.example.com/shop.git")]
    [InlineData("https://deploy:s3cr?t@git.example.com/shop.git")]
    [InlineData("ssh://deploy:pa#ss@git.example.com/shop.git")]
    public void A_password_the_parser_accepts_is_refused(string url)
    {
        Assert.True(GitRemote.Parse(url).IsNetwork);
        Assert.True(GitRemote.CarriesPassword(url));
    }
}
