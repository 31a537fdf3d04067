using System.Text.Json;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Server.Tests.Autofix.Corpus;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// Without a reproduction, a buggy-repos fix is proved by the repository's own tests failing on the release:
/// that proof now needs the failure to be named tests, so each Python and JavaScript case's own test run on the
/// release must read as named failures (checked in seconds; the corpus theory in <see cref="FixCorpusTests"/>
/// takes many minutes, and the C# cases need a build first).
/// </summary>
public sealed class CorpusTestNamesTests
{
    [Fact]
    public async Task The_release_of_every_python_and_javascript_case_fails_with_named_tests()
    {
        var cases = BuggyRepository.All("buggy-repos").Where(c => c.Language is "python" or "javascript").ToList();
        cases.Count.ShouldBe(11);
        foreach (var buggy in cases)
        {
            using var commands = JsonDocument.Parse(File.ReadAllText(Path.Combine(buggy.Source, "bugsage.json")));
            var test = commands.RootElement.GetProperty("test").GetString()!;
            var copy = Directory.CreateTempSubdirectory("bugsage-names-").FullName;
            try
            {
                BuggyRepository.Copy(buggy.Source, copy);
                var (exit, output) = await BuggyRepository.RunAsync(test, copy);
                exit.ShouldNotBe(0, buggy.Name);
                var report = TestOutput.Read(output);
                report.Failed.ShouldNotBeEmpty($"{buggy.Name}\n{output}");
                report.Unnamed.ShouldBeEmpty($"{buggy.Name}\n{output}");
                // node --test names its passing tests too; unittest does so only when verbose.
                if (buggy.Language == "javascript") report.Passed.ShouldNotBeEmpty($"{buggy.Name}\n{output}");
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }
}
