using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// Before any candidate, a session writes a test from the event that fails the way the crash did, and
/// shows it as its own step; each candidate then runs it. Without one, nothing but the repository's own
/// tests can make a candidate a validated fix, and the session says why.
/// </summary>
public sealed class ReproductionTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_session_shows_the_reproduction_it_built_from_the_frame_variables_and_each_candidate_runs_it()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, testsSayEmptyIsZero: false, withLocals: true);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        var reproduction = session["reproduction"]!;
        reproduction["status"].Str().ShouldBe("reproduced", session.ToJsonString());
        reproduction["path"].Str().ShouldBe("test_bugsage_reproduction.py");
        reproduction["code"].Str().ShouldContain("            average([])\n");
        reproduction["drives"].Str().ShouldBe("average([]) from calc.py");
        (reproduction["baseline"]!["exceptionType"].Str(), reproduction["baseline"]!["function"].Str(), reproduction["baseline"]!["path"].Str())
            .ShouldBe(("ZeroDivisionError", "average", "calc.py"));
        reproduction["output"].Str().ShouldContain("ZeroDivisionError");
        session["steps"]!.AsArray().Select(s => s!["name"].Str()).ShouldBe(["context", "analysis", "reproduction", "candidates", "validation", "ready"]);
        session["steps"]![2]!["status"].Str().ShouldBe("done");
        session["steps"]![2]!["detail"].Str().ShouldBe("reproduced: ZeroDivisionError in average (calc.py) by average([]) from calc.py");

        // Both guards make the reproduction pass; both still only stop the crash, so neither is a validated fix.
        var candidates = session["candidates"]!.AsArray();
        candidates.Select(c => (c!["kind"].Str(), c["validation"]!["reproduction"]!["outcome"].Str(), c["validated"]!.GetValue<bool>()))
            .ShouldBe([("mitigation", "passed", false), ("mitigation", "passed", false)]);
        var checks = candidates[0]!["validation"]!["reproduction"]!;
        (checks["built"]!.GetValue<bool>(), checks["failedBefore"]!.GetValue<bool>(), checks["passesAfter"]!.GetValue<bool>()).ShouldBe((true, true, true));
        session["status"].Str().ShouldBe("failed");

        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions/{sessionId}");
        page.ShouldContain("<h2 id=\"reproduction-heading\">Reproduction</h2>");
        page.ShouldContain("Reproduced: ZeroDivisionError in average (calc.py)");
        page.ShouldContain("data-reproduction-outcome=\"passed\"");
        page.ShouldContain("data-step=\"reproduction\"");
    }

    [Fact]
    public async Task Without_frame_variables_the_session_says_it_could_not_reproduce_and_only_the_repository_tests_can_prove_a_fix()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["reproduction"]!["status"].Str().ShouldBe("not_reproduced");
        session["reproduction"]!["reason"].Str().ShouldStartWith("the event carries no frame variables");
        var step = session["steps"]!.AsArray().Single(s => s!["name"].Str() == "reproduction")!;
        (step["status"].Str(), step["detail"].Str()).ShouldBe(("failed", "could not reproduce: " + session["reproduction"]!["reason"].Str()));

        // The repository's test of the empty list failed on the release and passes with the guard: that proves it.
        var best = session["candidates"]![0]!;
        (best["validated"]!.GetValue<bool>(), best["validation"]!["reproduction"]!["outcome"].Str(), best["validation"]!["reproduction"]!["built"]!.GetValue<bool>())
            .ShouldBe((true, "not_run", false));
        session["status"].Str().ShouldBe("awaiting_approval");
    }
}
