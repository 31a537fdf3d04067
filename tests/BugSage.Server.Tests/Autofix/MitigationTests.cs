using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// "Validated" means more than "stops the crash and the repository's tests pass": when nothing in
/// the repository says what the failing input should give, a candidate that makes it return nothing
/// is a mitigation, shown apart, never validated and never approvable as a fix.
/// </summary>
public sealed class MitigationTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_guard_the_tests_never_asked_for_is_a_mitigation_shown_apart_and_not_approvable()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, testsSayEmptyIsZero: false);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("failed", session.ToJsonString());
        var candidates = session["candidates"]!.AsArray();
        candidates.Select(c => (c!["summary"].Str(), c["kind"].Str(), c["validated"]!.GetValue<bool>(), c["passedSandbox"]!.GetValue<bool>()))
            .ShouldBe([("Return 0 when not values", "mitigation", false, true), ("Return None when not values", "mitigation", false, true)]);
        candidates[0]!["kindReason"].Str().ShouldBe("makes the failing input return 0, while average()'s other return paths give values (sum(values) / len(values))");
        session["error"].Str().ShouldBe("none of the 2 candidates is a validated fix; 2 mitigations: stops the crash; behaviour for this input is a guess");

        var mitigation = candidates[0]!["id"]!.GetValue<int>();
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { candidateId = mitigation })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing is approved by default");
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { candidateId = mitigation, acceptMitigation = true })).StatusCode
            .ShouldBe(HttpStatusCode.Conflict, "accepting a mitigation needs a reason");

        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions/{sessionId}");
        page.ShouldContain("<h3 id=\"mitigations-heading\" class=\"mitigations-heading\">Mitigations</h3>");
        page.ShouldContain("mitigation: stops the crash");
        page.ShouldContain("Why a mitigation: makes the failing input return 0");
        page.ShouldNotContain(">validated<");

        // A person may still take it, knowingly: named, accepted as a mitigation, with a reason.
        var accepted = await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve",
            new { candidateId = mitigation, acceptMitigation = true, comment = "an empty report averages to 0 for now; product decides later" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["approvedCandidateId"]!.GetValue<int>().ShouldBe(mitigation);
    }

    [Fact]
    public async Task The_same_guard_is_a_fix_when_the_repository_tests_say_what_the_input_gives()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var best = (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["candidates"]![0]!;
        (best["summary"].Str(), best["kind"].Str(), best["validated"]!.GetValue<bool>()).ShouldBe(("Return 0 when not values", "fix", true));
        best["kindReason"].Str().ShouldStartWith("the repository's tests specify this input: test_empty (test_calc.AverageTests.test_empty) failed on the release and pass with it");
        best["validation"]!["testsFlipped"]!.AsArray().Select(t => t.Str()).ShouldBe(["test_empty (test_calc.AverageTests.test_empty)"]);
        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["steps"]!.AsArray().Single(s => s!["name"].Str() == "validation")!["detail"].Str()
            .ShouldContain("is proven by tests that failed on the release and pass with it: test_empty (test_calc.AverageTests.test_empty)");
    }

    [Fact]
    public async Task A_release_whose_tests_failed_without_naming_a_test_proves_no_guard()
    {
        // A test module that cannot even import on the release: unittest fails the run with its loader's
        // stand-in, not with a test that says what the average of nothing is. The guard makes it import,
        // and everything passes, but no test of the empty list ever failed and then passed.
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, testsSayEmptyIsZero: false,
            moreFiles: [("test_report.py", "import unittest\nfrom calc import average\n\nBLANK = average([])\n\n\nclass ReportTests(unittest.TestCase):\n    def test_title(self):\n        self.assertEqual('report', 'report')\n")]);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("failed", session.ToJsonString());
        var candidates = session["candidates"]!.AsArray();
        candidates.ShouldAllBe(c => !c!["validated"]!.GetValue<bool>());
        candidates.ShouldContain(c => c!["passedSandbox"]!.GetValue<bool>(), "the guard passes every test: only the proof is missing");
        candidates.ShouldAllBe(c => c!["validation"]!["testsFlipped"]!.AsArray().Count == 0);
        session["error"].Str().ShouldContain("the repository's tests do not say what this input gives (their run on the release failed for reasons that name no test: " +
            "ERROR: test_report (unittest.loader._FailedTest.test_report))");
    }
}
