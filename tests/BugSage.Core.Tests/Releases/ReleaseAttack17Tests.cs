using BugSage.Core.Releases;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Releases;

/// <summary>Attacks on reading a linked repository's history (attack 17).</summary>
public class ReleaseAttack17Tests
{
    /// <summary>
    /// Finding: the git log records were split on \x1e and \x1f, characters a commit message may hold.
    /// A contributor's commit message forged extra commits (any sha, author, files) into a release
    /// and its suspect commits.
    /// </summary>
    [Fact]
    public async Task A_commit_message_holding_the_record_separators_does_not_forge_commits()
    {
        const string fakeSha = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
        var message = "harmless\u001f\nM\tsrc/forged-file.js\n\u001e" + fakeSha + "\u001fLinus Torvalds\u001ftorvalds@example.com\u001f0\u001fforged commit\u001f\nM\tsrc/cart.js";
        using var repo = new TestRepository()
            .Commit("first", ("src/cart.js", "a\n"))
            .CommitAs("Mallory", message, ("src/other.js", "b\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var previous = repo.Git("rev-parse", "HEAD~1").Trim();

        var commits = (await CommitHistory.ReadAsync(repo.Path, head, previous, CancellationToken.None))!;

        var only = commits.ShouldHaveSingleItem();
        only.Sha.ShouldBe(head);
        only.AuthorName.ShouldBe("Mallory");
        only.Message.ShouldNotBeNull().ShouldStartWith("harmless");
        only.Files.ShouldBe([new CommitFile("src/other.js", "A")]);
    }
}
