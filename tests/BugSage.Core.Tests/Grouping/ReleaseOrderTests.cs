using BugSage.Core.Issues;

namespace BugSage.Core.Tests.Grouping;

public class ReleaseOrderTests
{
    private static readonly DateTime Early = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Late = Early.AddDays(1);

    [Theory]
    [InlineData("1.2.3", "1.10.0")]
    [InlineData("app@1.9.9", "app@2.0.0")]
    [InlineData("v1.0.0-rc.1", "v1.0.0")]
    [InlineData("1.0.0-alpha", "1.0.0-beta")]
    [InlineData("1.0.0-rc.2", "1.0.0-rc.10")]
    [InlineData("2.0", "2.0.1")]
    [InlineData("1.0.0+build.5", "1.0.1+build.1")]
    public void Semantic_versions_order_by_version_whatever_was_seen_first(string older, string newer)
    {
        ReleaseOrder.Compare(older, Late, newer, Early).ShouldBeLessThan(0);
        ReleaseOrder.Compare(newer, Early, older, Late).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("abc123", "def456")]
    [InlineData("1.0.0", "nightly-42")]
    [InlineData("web@1.0.0", "api@0.1.0")]
    public void Other_releases_order_by_first_seen(string first, string second)
    {
        ReleaseOrder.Compare(first, Early, second, Late).ShouldBeLessThan(0);
        ReleaseOrder.Compare(second, Late, first, Early).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_release_equals_itself() => ReleaseOrder.Compare("1.0.0", Early, "1.0.0", Late).ShouldBe(0);
}
