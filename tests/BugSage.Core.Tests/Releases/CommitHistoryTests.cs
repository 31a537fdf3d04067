using BugSage.Core.Releases;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Releases;

public class CommitHistoryTests
{
    [Fact]
    public async Task A_release_holds_the_commits_since_the_previous_one_with_their_files()
    {
        using var repo = new TestRepository()
            .Commit("first", ("src/cart.js", "a\n"))
            .CommitAs("Grace", "second\n\nwith a body", ("src/cart.js", "b\n"), ("src/prices.js", "p\n"));
        var previous = repo.Git("rev-parse", "HEAD~1").Trim();
        var head = repo.Git("rev-parse", "HEAD").Trim();

        var commits = (await CommitHistory.ReadAsync(repo.Path, head, previous, CancellationToken.None))!;

        var only = commits.ShouldHaveSingleItem();
        only.Sha.ShouldBe(head);
        only.AuthorName.ShouldBe("Grace");
        only.AuthorEmail.ShouldBe("grace@example.com");
        only.Message.ShouldBe("second\n\nwith a body");
        only.Timestamp.ShouldNotBeNull();
        only.Files.OrderBy(f => f.Path).ShouldBe([new CommitFile("src/cart.js", "M"), new CommitFile("src/prices.js", "A")]);
    }

    [Fact]
    public async Task A_first_release_reaches_back_a_fixed_depth_newest_first()
    {
        using var repo = new TestRepository();
        for (var i = 0; i < CommitHistory.InitialDepth + 5; i++) repo.Commit($"c{i}", ("f.txt", $"{i}\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();

        var commits = (await CommitHistory.ReadAsync(repo.Path, head[..12], previous: null, CancellationToken.None))!;

        commits.Count.ShouldBe(CommitHistory.InitialDepth);
        commits[0].Sha.ShouldBe(head);
        commits[0].Message.ShouldBe($"c{CommitHistory.InitialDepth + 4}");
    }

    [Fact]
    public async Task A_previous_commit_the_repository_lacks_is_read_as_a_first_release()
    {
        using var repo = new TestRepository().Commit("one", ("a.txt", "1\n")).Commit("two", ("a.txt", "2\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();

        var commits = (await CommitHistory.ReadAsync(repo.Path, head, "deadbeefdeadbeef", CancellationToken.None))!;

        commits.Select(c => c.Message).ShouldBe(["two", "one"]);
    }

    [Fact]
    public async Task A_head_the_repository_lacks_is_no_history()
    {
        using var repo = new TestRepository().Commit("one", ("a.txt", "1\n"));
        (await CommitHistory.ReadAsync(repo.Path, "0123456789abcdef0123456789abcdef01234567", null, CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData("--output=/tmp/x")]
    [InlineData("HEAD")]
    [InlineData("abc")]
    [InlineData("main..HEAD")]
    public async Task Only_hexadecimal_ids_reach_git(string id)
    {
        using var repo = new TestRepository().Commit("one", ("a.txt", "1\n"));
        await Should.ThrowAsync<ArgumentException>(() => CommitHistory.ReadAsync(repo.Path, id, null, CancellationToken.None));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        await Should.ThrowAsync<ArgumentException>(() => CommitHistory.ReadAsync(repo.Path, head, id, CancellationToken.None));
    }

    [Fact]
    public async Task Paths_with_spaces_and_non_ascii_letters_are_kept_as_they_are()
    {
        using var repo = new TestRepository().Commit("one", ("src/my cart/prisé.js", "1\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var commit = (await CommitHistory.ReadAsync(repo.Path, head, null, CancellationToken.None))!.ShouldHaveSingleItem();
        commit.Files.ShouldBe([new CommitFile("src/my cart/prisé.js", "A")]);
    }

    [Fact]
    public async Task Git_is_stopped_once_it_prints_more_than_it_may()
    {
        using var repo = new TestRepository().Commit("one", ("a.txt", "1\n"));
        var log = await BugSage.Core.Analysis.Source.Git.RunAsync(repo.Path, ["log", "--format=%H%n%B"], CancellationToken.None, maxOutputChars: 1 << 20);
        log.Output.ShouldContain("one");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            BugSage.Core.Analysis.Source.Git.RunAsync(repo.Path, ["log", "--format=%H%n%B"], CancellationToken.None, maxOutputChars: 10));
        refused.Message.ShouldContain("more than 10 characters");
    }
}
