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

    [Theory]
    [InlineData("autofix-heldout-2")]
    [InlineData("autofix-heldout-3")]
    [InlineData("autofix-heldout-4")]
    [InlineData("autofix-heldout-5")]
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
