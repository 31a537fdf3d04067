using System.Text.Json;
using BugSage.Core.Releases;

namespace BugSage.Core.Tests.Releases;

public class SuspectCommitsTests
{
    private static ReleaseCommit Commit(string sha, int position, params string[] paths) => new()
    {
        OrganizationId = 1, Version = "shop@2.0.0", Repository = "acme/shop", Sha = sha, Position = position,
        Files = JsonSerializer.Serialize(paths.Select(p => new CommitFile(p, "M")), JsonSerializerOptions.Web),
    };

    [Theory]
    [InlineData("/srv/shop/src/cart.js")]
    [InlineData("src/cart.js")]
    [InlineData("./src/cart.js")]
    [InlineData("../../src/cart.js")]
    [InlineData("app:///src/cart.js")]
    [InlineData("webpack:///src/cart.js")]
    [InlineData("C:\\build\\shop\\src\\cart.js")]
    [InlineData("cart.js")]
    public void A_commit_that_touched_a_file_of_the_trace_is_a_suspect(string framePath)
    {
        var suspects = SuspectCommits.Find([Commit("aaa1", 0, "src/cart.js", "README.md"), Commit("bbb2", 1, "src/prices.js")], [framePath, null]);

        var suspect = suspects.ShouldHaveSingleItem();
        suspect.Commit.Sha.ShouldBe("aaa1");
        suspect.MatchedFiles.ShouldBe(["src/cart.js"]);
    }

    [Theory]
    [InlineData("/srv/shop/src/mycart.js")]
    [InlineData("src/cart.jsx")]
    [InlineData("cart")]
    [InlineData("")]
    public void A_file_matches_only_at_a_directory_boundary(string framePath) =>
        SuspectCommits.Find([Commit("aaa1", 0, "src/cart.js")], [framePath]).ShouldBeEmpty();

    [Fact]
    public void Suspects_come_newest_first() =>
        SuspectCommits.Find([Commit("old", 3, "src/cart.js"), Commit("new", 0, "src/cart.js"), Commit("mid", 1, "lib/x.js")], ["/srv/src/cart.js"])
            .Select(s => s.Commit.Sha).ShouldBe(["new", "old"]);

    [Fact]
    public void At_most_the_newest_suspects_asked_for_are_read() =>
        SuspectCommits.Find([Commit("old", 3, "src/cart.js"), Commit("new", 0, "src/cart.js"), Commit("mid", 1, "src/cart.js")], ["/srv/src/cart.js"], max: 2)
            .Select(s => s.Commit.Sha).ShouldBe(["new", "mid"]);
}
