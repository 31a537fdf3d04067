using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// The model's fix step in whole sessions, with scripted models that follow a recorded transcript: tools run
/// against the real repository and sandbox, and what the model proposes goes through the same validation as
/// the offline engine's. A model that checks its own candidate validates nothing by that; a mitigation stays a
/// mitigation, a test edit is refused, and a model that loops is stopped with every call kept.
/// </summary>
public sealed class FixAgentSessionTests : IDisposable
{
    private const string Division = "    return sum(values) / len(values)";

    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private async Task<(BugSageFactory App, HttpClient Api, long Session)> StartAsync(ScriptedModel model, bool testsSayEmptyIsZero, Dictionary<string, string?>? settings = null)
    {
        var app = await BugSageFactory.CreateAsync("sqlite", new(settings ?? []) { ["BugSage:RunsFixSessions"] = "false" },
            services: s => s.AddSingleton<IChatModels>(new ScriptedModels(model)));
        var api = await app.SignedInClientAsync();
        // The frame's locals (values = []) let BugSage write a reproduction: average([]) raising ZeroDivisionError.
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, testsSayEmptyIsZero, withLocals: true);
        var session = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();
        return (app, api, session);
    }

    private static object Edit(string summary, string path, string find, string replace) => new { summary, edits = new[] { new { path, find, replace } } };

    private static List<(string Kind, string Name, string? Result)> Transcript(JsonNode session) =>
        [.. session["modelTranscript"]!.AsArray().Select(c => (c!["kind"].Str(), c["name"].Str(), c["result"]?.GetValue<string>()))];

    [Fact]
    public async Task A_model_that_reads_reproduces_proposes_and_checks_gets_its_fix_validated_by_the_sessions_own_proof()
    {
        var model = new ScriptedModel("fixer",
            _ => ScriptedModel.Calls(("read_file", new { path = "calc.py" }), ("run_reproduction", new { })),
            _ => ScriptedModel.Calls(("propose_edit", Edit("The average of no values is 0", "calc.py", Division, "    if len(values) == 0:\n        return 0.0\n" + Division))),
            _ => ScriptedModel.Calls(("run_reproduction", new { candidate = 1 }), ("run_tests", new { candidate = 1 })),
            _ => ScriptedModel.Text("average() divided by the length of an empty list; candidate 1 answers 0, as the tests expect."));
        var (app, api, id) = await StartAsync(model, testsSayEmptyIsZero: true);
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        session["status"].Str().ShouldBe("awaiting_approval", session.ToJsonString());
        var proposed = session["candidates"]!.AsArray().Single(c => c!["origin"].Str() == "fixer")!;
        (proposed["summary"].Str(), proposed["validated"]!.GetValue<bool>(), proposed["kind"].Str()).ShouldBe(("The average of no values is 0", true, "fix"));
        proposed["validation"]!["reproduction"]!["outcome"].Str().ShouldBe("passed");
        var tools = Transcript(session).Where(c => c.Kind == "tool").ToList();
        tools.Select(t => t.Name).ShouldBe(["read_file", "run_reproduction", "propose_edit", "run_reproduction", "run_tests"]);
        tools[0].Result.ShouldBe("--- calc.py (lines 1-3 of 3)\n    1 def average(values):\n" + $"    2 {Division}\n    3 \n");
        tools[1].Result!.ShouldStartWith("<error-report>\na test reproduces the crash: ZeroDivisionError in average (calc.py)");
        tools[3].Result!.ShouldStartWith("<error-report>\nWith candidate 1 the reproduction passes.");
        tools[4].Result!.ShouldStartWith("<error-report>\nCandidate 1 applied and built; the repository's tests pass.");
        (await app.WithDbAsync(db => db.ModelCalls.CountAsync(c => c.Purpose == "fix" && c.ModelName == "fixer" && c.Succeeded))).ShouldBe(4);
        var steps = session["steps"]!.AsArray();
        steps.Single(s => s!["name"].Str() == "candidates")!["detail"].Str().ShouldEndWith("1 from fixer; fixer finished after 4 steps: 1 candidate proposed, 1 sandbox run");

        // The session's page shows the same transcript.
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions/{id}");
        page.ShouldContain("<h2 id=\"transcript-heading\">Model transcript</h2>");
        page.ShouldContain("4 model calls");
        page.ShouldContain("With candidate 1 the reproduction passes.");
    }

    [Fact]
    public async Task A_guard_the_model_proposes_and_sees_pass_its_reproduction_is_still_a_mitigation()
    {
        var model = new ScriptedModel("fixer",
            _ => ScriptedModel.Calls(("propose_edit", Edit("Nothing to average gives nothing", "calc.py", Division, "    if len(values) == 0:\n        return None\n" + Division))),
            _ => ScriptedModel.Calls(("run_reproduction", new { candidate = 1 })),
            _ => ScriptedModel.Text("Candidate 1 stops the crash."));
        var (app, api, id) = await StartAsync(model, testsSayEmptyIsZero: false);
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        Transcript(session).Last(c => c.Kind == "tool").Result!.ShouldStartWith("<error-report>\nWith candidate 1 the reproduction passes.");
        var proposed = session["candidates"]!.AsArray().Single(c => c!["origin"].Str() == "fixer")!;
        (proposed["kind"].Str(), proposed["validated"]!.GetValue<bool>(), proposed["passedSandbox"]!.GetValue<bool>()).ShouldBe(("mitigation", false, true), session.ToJsonString());
        proposed["kindReason"].Str().ShouldContain("return None");
        session["status"].Str().ShouldBe("failed");
    }

    [Fact]
    public async Task A_model_that_edits_the_tests_is_told_so_and_validation_refuses_the_edit()
    {
        var model = new ScriptedModel("fixer",
            _ => ScriptedModel.Calls(("propose_edit", Edit("Expect what the code does", "test_calc.py", "        self.assertEqual(average([2, 4]), 3)", "        pass"))),
            _ => ScriptedModel.Calls(("run_tests", new { candidate = 1 })),
            _ => ScriptedModel.Text("Done."));
        var (app, api, id) = await StartAsync(model, testsSayEmptyIsZero: false);
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        var tools = Transcript(session).Where(c => c.Kind == "tool").ToList();
        tools[0].Result!.ShouldContain("Validation will refuse it: test_calc.py: edits the tests that judge the fix.");
        tools[1].Result.ShouldBe("<error-report>\nCandidate 1 is refused before it runs: test_calc.py: edits the tests that judge the fix.\n</error-report>");
        var proposed = session["candidates"]!.AsArray().Single(c => c!["origin"].Str() == "fixer")!;
        (proposed["validated"]!.GetValue<bool>(), proposed["validation"]!["applied"]!.GetValue<bool>()).ShouldBe((false, false));
        proposed["problems"]!.AsArray().Select(p => p.Str()).ShouldBe(["test_calc.py: edits the tests that judge the fix"]);
        git.Git("status", "--porcelain").ShouldBeEmpty("the repository itself is never touched");
    }

    [Fact]
    public async Task A_model_that_loops_is_stopped_at_the_configured_step_limit_with_every_call_kept()
    {
        var model = new ScriptedModel("fixer", _ => ScriptedModel.Calls(("search_repository", new { text = "average" })));
        var (app, api, id) = await StartAsync(model, testsSayEmptyIsZero: false, new() { ["BugSage:Autofix:Model:MaxSteps"] = "4" });
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        model.Requests.Count.ShouldBe(4);
        var transcript = Transcript(session);
        transcript.Count(c => c.Kind == "model").ShouldBe(4);
        transcript.Where(c => c.Kind == "tool").Select(c => c.Result!.Split('\n')[0]).ShouldBe([
            "calc.py:1:def average(values):", "calc.py:1:def average(values):",
            "You made this exact call 2 times already and its answer has not changed. Do something else, or finish.",
            "You made this exact call 2 times already and its answer has not changed. Do something else, or finish."]);
        session["steps"]!.AsArray().Single(s => s!["name"].Str() == "candidates")!["detail"].Str()
            .ShouldContain("0 from fixer; fixer stopped at its limit of 4 steps after 4 steps: 0 candidates proposed, 0 sandbox runs");
        (await app.WithDbAsync(db => db.ModelCalls.CountAsync(c => c.Purpose == "fix"))).ShouldBe(4);
    }
}
