using System.Text.Json;
using BugSage.Server.Tests.Autofix.Corpus;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// The held-out corpora's layout, checked in seconds: the corpus theory in <see cref="FixCorpusTests"/>
/// takes many minutes, so a case that its harness cannot read should fail here first.
/// </summary>
public sealed class CorpusLayoutTests
{
    [Theory]
    [InlineData("autofix-heldout")]
    [InlineData("autofix-heldout-2")]
    [InlineData("autofix-heldout-3")]
    [InlineData("autofix-heldout-4")]
    [InlineData("autofix-heldout-5")]
    [InlineData("autofix-heldout-6")]
    public void Every_case_has_its_repository_commands_trigger_and_reference(string corpus)
    {
        var cases = BuggyRepository.All(corpus);
        cases.ShouldNotBeEmpty();
        foreach (var buggy in cases)
        {
            buggy.Language.ShouldBeOneOf("csharp", "python", "javascript");
            buggy.Name.ShouldStartWith(buggy.Language switch { "csharp" => "cs-", "python" => "py-", _ => "js-" });
            buggy.Bug.ShouldNotBeNullOrWhiteSpace(buggy.Name);
            buggy.Trigger.ShouldNotBeNullOrWhiteSpace(buggy.Name);
            buggy.Reference.ShouldNotBeNullOrWhiteSpace(buggy.Name);
            using var commands = JsonDocument.Parse(File.ReadAllText(Path.Combine(buggy.Source, "bugsage.json")));
            commands.RootElement.GetProperty("testCommand").GetString().ShouldNotBeNullOrWhiteSpace(buggy.Name);
            // The C# repositories restore xunit and the test SDK from a feed, as a team's would.
            buggy.RestoresNuGet.ShouldBe(buggy.Language == "csharp", buggy.Name);
            Directory.EnumerateFiles(Path.Combine(buggy.Directory, "reference"), "*", SearchOption.AllDirectories).ShouldNotBeEmpty(buggy.Name);
        }
    }

    /// <summary>
    /// The repository's own <c>.gitignore</c> ignores <c>data/</c> (the server's data folder): a case's data folder fell under
    /// it, was never committed, and its trigger crashed on the missing file instead of the bug (two cases of
    /// autofix-heldout-4). A clean clone would not show it, so the rule itself is checked.
    /// </summary>
    [Theory]
    [InlineData("data/streets.csv")]
    [InlineData("data/fleet/0815.json")]
    [InlineData("src/data/seed.json")]
    public async Task A_cases_data_files_are_not_ignored_by_git(string inRepository)
    {
        var corpus = Datasets.Find("autofix-heldout-4");
        var path = Path.Combine(corpus, "js-bin-collection", "repo", inRepository);
        var (exitCode, output) = await BuggyRepository.RunAsync($"git check-ignore -v --no-index '{path}'", corpus);

        // 1: not ignored; 0 would name the rule that ignores it.
        exitCode.ShouldBe(1, output);
    }

    [Theory]
    [InlineData("autofix-heldout-2")]
    [InlineData("autofix-heldout-3")]
    [InlineData("autofix-heldout-4")]
    [InlineData("autofix-heldout-5")]
    [InlineData("autofix-heldout-6")]
    public void The_later_held_out_corpora_have_four_cases_per_language_each_with_its_bug_class(string corpus)
    {
        var cases = BuggyRepository.All(corpus);
        cases.Count.ShouldBe(12);
        cases.GroupBy(c => c.Language).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal).ShouldBe(["csharp 4", "javascript 4", "python 4"]);
        foreach (var buggy in cases)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(buggy.Directory, "case.json")));
            json.RootElement.GetProperty("modelledOn").GetString().ShouldNotBeNullOrWhiteSpace(buggy.Name);
            json.RootElement.GetProperty("intendedFix").GetString().ShouldNotBeNullOrWhiteSpace(buggy.Name);
        }
    }
}
