using Releases;

namespace Releases.Tests;

public class ReleaseVersionTests
{
    [Fact]
    public void Parses_and_prints() => Assert.Equal("1.10.0", ReleaseVersion.Parse("v1.10.0").ToString());

    [Fact]
    public void Orders_by_number_not_text() => Assert.True(ReleaseVersion.Parse("1.10.0").CompareTo(ReleaseVersion.Parse("1.9.3")) > 0);

    [Fact]
    public void Garbage_is_refused() => Assert.Throws<FormatException>(() => ReleaseVersion.Parse("latest"));
}
