using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Sessions;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Which commands a fix session runs: the link's, else the repository's <c>bugsage.json</c> at the
/// revision being fixed, in the documented spelling (<c>buildCommand</c>, API.md) or the short one.
/// </summary>
public sealed class ProjectCommandsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("bugsage-commands-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private async Task<string> CommitAsync(string bugsageJson)
    {
        async Task<string> GitAsync(params string[] args)
        {
            var result = await Git.RunAsync(root, ["-c", "user.name=t", "-c", "user.email=t@example.com", .. args], CancellationToken.None);
            Assert.True(result.ExitCode == 0, result.Error);
            return result.Output.Trim();
        }
        await GitAsync("init", "--quiet", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(root, ProjectCommands.FileName), bugsageJson);
        await GitAsync("add", ProjectCommands.FileName);
        await GitAsync("commit", "--quiet", "-m", "commands");
        return await GitAsync("rev-parse", "HEAD");
    }

    private async Task<ProjectCommands?> ResolveAsync(string bugsageJson, LinkedRepository? link = null) =>
        await ProjectCommands.ResolveAsync(link ?? new LinkedRepository { Name = "shop" }, root, await CommitAsync(bugsageJson), CancellationToken.None);

    [Fact]
    public async Task The_documented_spelling_of_bugsage_json_is_read()
    {
        var commands = await ResolveAsync("""{ "restoreCommand": "npm ci", "buildCommand": "npm run build", "testCommand": "node --test test/" }""");

        commands.ShouldBe(new ProjectCommands("npm run build", "node --test test/", "npm ci"));
    }

    [Fact]
    public async Task The_short_spelling_is_still_read()
    {
        var commands = await ResolveAsync("""{ "restore": "npm ci", "build": "npm run build", "test": "node --test test/" }""");

        commands.ShouldBe(new ProjectCommands("npm run build", "node --test test/", "npm ci"));
    }

    [Fact]
    public async Task Where_a_file_has_both_spellings_the_documented_one_wins()
    {
        var commands = await ResolveAsync("""{ "test": "old-test", "testCommand": "python3 -m unittest", "build": "make" }""");

        commands.ShouldBe(new ProjectCommands("make", "python3 -m unittest"));
    }

    [Fact]
    public async Task A_test_command_on_the_link_wins_over_the_file()
    {
        var commands = await ResolveAsync("""{ "testCommand": "from-file" }""", new LinkedRepository { Name = "shop", TestCommand = "from-link" });

        commands.ShouldBe(new ProjectCommands(null, "from-link"));
    }

    [Fact]
    public async Task A_file_without_a_test_command_in_either_spelling_gives_none()
    {
        (await ResolveAsync("""{ "buildCommand": "make", "tests": "misspelt" }""")).ShouldBeNull();
    }
}
