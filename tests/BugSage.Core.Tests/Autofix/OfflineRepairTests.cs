using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Events;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>From a real error to a proven patch, offline: the engine's analysis, template candidates, the sandbox's verdict.</summary>
public sealed class OfflineRepairTests : IDisposable
{
    private readonly TestRepository git = new();

    private string repo => git.Path;

    public void Dispose() => git.Dispose();

    private void Commit(params (string Path, string Text)[] files) => git.Commit("start", files);

    /// <summary>The event an SDK would send for the error on <paramref name="line"/> of <paramref name="path"/>.</summary>
    private NormalizedEvent Event(string platform, string type, string message, string path, int line, string function)
    {
        var source = File.ReadAllLines(Path.Combine(repo, path));
        return EventNormalizer.Normalize(JsonDocument.Parse($$$"""
            {"platform":"{{{platform}}}","exception":{"values":[{"type":"{{{type}}}","value":{{{JsonValue.Create(message).ToJsonString()}}},"stacktrace":{"frames":[
              {"filename":"{{{path}}}","function":"{{{function}}}","lineno":{{{line}}},"in_app":true,"context_line":{{{JsonValue.Create(source[line - 1]).ToJsonString()}}}}]}}]}}
            """).RootElement, "11111111111111111111111111111111", DateTime.UtcNow);
    }

    private async Task<(IReadOnlyList<FixCandidate> Candidates, ValidationRun Run)> RepairAsync(NormalizedEvent evt, string language, string testCommand)
    {
        var analysis = new OfflineEngine(KnowledgeBase.Default).Analyze(new AnalysisInput(evt, 5, 2, "rising"));
        var expression = analysis.RootCause.Evidence.First(e => e.StartsWith("failing expression: ", StringComparison.Ordinal))["failing expression: ".Length..];
        var location = analysis.RootCause.Location!;
        var target = new FixTarget(language, analysis.Category, location.File!, (int)location.Line!, expression);
        var candidates = await OfflineFixGenerator.GenerateAsync(target, await File.ReadAllTextAsync(Path.Combine(repo, target.Path)), CancellationToken.None);
        var run = await ValidationSandbox.ValidateAsync(repo, "HEAD", null, testCommand, [.. candidates.Select(c => c.Diff)],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        return (candidates, run);
    }

    [Fact]
    public async Task A_python_division_by_an_empty_list_gets_the_guard_its_tests_expect()
    {
        Commit(("calc.py", "def average(values):\n    return sum(values) / len(values)\n"),
            ("test_calc.py", "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n"));
        var (candidates, run) = await RepairAsync(Event("python", "ZeroDivisionError", "division by zero", "calc.py", 2, "average"), "python", "python3 -m unittest");

        candidates.Select(c => c.Summary).ShouldBe(["Return 0 when not values", "Return None when not values"]);
        run.Candidates.Select(c => c.Validated).ShouldBe([true, false]);
        candidates[0].Diff.ShouldContain("+    if not values:\n+        return 0");
    }

    [Fact]
    public async Task A_javascript_read_of_a_missing_user_gets_the_guard_its_tests_expect()
    {
        Commit(("users.js", "function getUserName(users, id) {\n  return users[id].name;\n}\n\nmodule.exports = { getUserName };\n"),
            ("users.test.js", "const test = require('node:test');\nconst assert = require('node:assert');\nconst { getUserName } = require('./users');\n\n" +
                "test('known user', () => assert.strictEqual(getUserName({ 7: { name: 'Ada' } }, 7), 'Ada'));\n" +
                "test('unknown user', () => assert.strictEqual(getUserName({}, 8), null));\n"));
        var (candidates, run) = await RepairAsync(Event("node", "TypeError", "Cannot read properties of undefined (reading 'name')", "users.js", 2, "getUserName"), "javascript", "node --test");

        candidates.Select(c => c.Summary).ShouldBe(["Read through users[id] with optional chaining", "Return null when users[id] is missing", "Throw a clear error when users[id] is missing"]);
        // Optional chaining answers undefined, and the project's tests say null: only the guard proves out.
        run.Candidates.Select(c => c.Validated).ShouldBe([false, true, false]);
    }
}
