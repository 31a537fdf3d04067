using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Tests.Analysis;

/// <summary>
/// The event's release picks the revision only through a tag or a commit already on the linked
/// branch: anyone with the DSN writes the release, and the revision decides which code and which
/// bugsage.json commands run.
/// </summary>
public sealed class RevisionChoiceTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("bugsage-revision-").FullName;
    private readonly LinkedRepository link = new() { Name = "shop", Branch = "main" };

    public void Dispose() => Directory.Delete(root, recursive: true);

    private async Task<string> GitAsync(params string[] args)
    {
        var result = await Git.RunAsync(root, ["-c", "user.name=t", "-c", "user.email=t@example.com", .. args], CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Trim();
    }

    private async Task<string> CommitAsync(string message)
    {
        await File.WriteAllTextAsync(Path.Combine(root, "app.py"), message + "\n");
        await GitAsync("add", "app.py");
        await GitAsync("commit", "--quiet", "-m", message);
        return await GitAsync("rev-parse", "HEAD");
    }

    /// <summary>main: first → released (tagged v2.4.1, annotated) → head; branch evil: one commit off released.</summary>
    private async Task<(string First, string Released, string Head, string Evil)> RepositoryAsync()
    {
        await GitAsync("init", "--quiet", "-b", "main");
        var first = await CommitAsync("first");
        var released = await CommitAsync("released");
        await GitAsync("tag", "-a", "-m", "release", "v2.4.1");
        await GitAsync("checkout", "--quiet", "-b", "evil");
        var evil = await CommitAsync("evil");
        await GitAsync("checkout", "--quiet", "main");
        var head = await CommitAsync("head");
        return (first, released, head, evil);
    }

    [Theory]
    [InlineData("shop@2.4.1")]
    [InlineData("2.4.1")]
    [InlineData("v2.4.1")]
    public async Task A_release_that_a_tag_names_is_the_tagged_commit(string release)
    {
        var (_, released, _, _) = await RepositoryAsync();
        Assert.Equal((released, true), await SourceResolver.RevisionAsync(root, link, release, CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_on_the_branch_full_or_abbreviated_is_the_release()
    {
        var (first, _, _, _) = await RepositoryAsync();
        Assert.Equal((first, true), await SourceResolver.RevisionAsync(root, link, first, CancellationToken.None));
        Assert.Equal((first, true), await SourceResolver.RevisionAsync(root, link, "shop@" + first[..10], CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_that_is_not_on_the_branch_falls_back_to_the_branch()
    {
        var (_, _, head, evil) = await RepositoryAsync();
        Assert.Equal((head, false), await SourceResolver.RevisionAsync(root, link, evil, CancellationToken.None));
        Assert.Equal((head, false), await SourceResolver.RevisionAsync(root, link, "shop@" + evil[..8], CancellationToken.None));
    }

    [Theory]
    [InlineData("evil")]                 // another branch
    [InlineData("refs/heads/evil")]
    [InlineData("main~1")]               // revision syntax
    [InlineData("HEAD@{1}")]
    [InlineData(":/evil")]               // commit-message search
    [InlineData("--output=/tmp/x")]      // an option
    [InlineData("v2.4.1^{tree}")]
    [InlineData("")]
    public async Task Anything_else_the_event_says_falls_back_to_the_branch(string release)
    {
        var (_, _, head, _) = await RepositoryAsync();
        Assert.Equal((head, false), await SourceResolver.RevisionAsync(root, link, release, CancellationToken.None));
    }

    [Fact]
    public async Task No_release_is_the_branch_and_an_empty_repository_is_an_error()
    {
        await GitAsync("init", "--quiet", "-b", "main");
        await Assert.ThrowsAsync<InvalidOperationException>(() => SourceResolver.RevisionAsync(root, link, null, CancellationToken.None));
        var head = await CommitAsync("only");
        Assert.Equal((head, false), await SourceResolver.RevisionAsync(root, link, null, CancellationToken.None));
    }
}
