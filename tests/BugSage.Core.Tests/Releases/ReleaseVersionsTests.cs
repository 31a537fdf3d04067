using BugSage.Core.Releases;

namespace BugSage.Core.Tests.Releases;

public class ReleaseVersionsTests
{
    [Theory]
    [InlineData("shop@2.4.1")]
    [InlineData("2.4.1+build.7")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("release candidate 3")]
    public void Versions_pipelines_use_are_accepted(string version) => ReleaseVersions.Problem(version).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("latest")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    [InlineData(" padded")]
    public void Versions_a_path_or_a_log_could_not_carry_are_refused(string? version) => ReleaseVersions.Problem(version).ShouldNotBeNull();

    [Fact]
    public void A_version_has_at_most_200_characters()
    {
        ReleaseVersions.Problem(new string('v', 200)).ShouldBeNull();
        ReleaseVersions.Problem(new string('v', 201)).ShouldNotBeNull();
    }
}
