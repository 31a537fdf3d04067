using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// A candidate that ends the process inside the failing call makes the test command exit 0 with no verdict from the
/// runner. A whole session with such a candidate beside an honest one: the honest one is proven by the test that flipped,
/// the one that exits is never validated and says why.
/// </summary>
public sealed class ProofEscapeSessionTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_candidate_that_calls_os_exit_0_is_not_validated_and_the_session_says_why()
    {
        await using var server = await FakeModelServer.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        (await api.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "local", provider = "openai", endpoint = new Uri(server.Address, "v1").ToString(), model = "fixer" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        // The repository's own test of the empty list fails on the release; no frame variables, so no reproduction: only that test can prove a fix.
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        server.Proposes(
            ("End the process on an empty list", "calc.py", "    return sum(values) / len(values)", "    if not values:\n        __import__('os')._exit(0)\n    return sum(values) / len(values)"),
            ("The average of nothing is 0", "calc.py", "    return sum(values) / len(values)", "    if not values:\n        return 0.0\n    return sum(values) / len(values)"));

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        var candidates = session["candidates"]!.AsArray().Select(c => c!).ToList();
        var exits = candidates.Single(c => c["summary"].Str() == "End the process on an empty list");
        (exits["validated"]!.GetValue<bool>(), exits["passedSandbox"]!.GetValue<bool>()).ShouldBe((false, true), session.ToJsonString());
        exits["validation"]!["testsFlipped"]!.AsArray().ShouldBeEmpty("the runner never named the test as passing: the process ended first");
        exits["extraReview"]!.AsArray().Select(r => r.Str()).ShouldContain(r => r.StartsWith("calc.py: adds a reach into the test framework, the process or names built at run time (__import__)") && r.EndsWith("never validated automatically"));

        var honest = candidates.Single(c => c["summary"].Str() == "The average of nothing is 0");
        honest["validated"]!.GetValue<bool>().ShouldBeTrue(session.ToJsonString());
        honest["validation"]!["testsFlipped"]!.AsArray().Select(t => t.Str()).ShouldBe(["test_empty (test_calc.AverageTests.test_empty)"]);
        candidates.Where(c => c["validated"]!.GetValue<bool>()).ShouldAllBe(c => c["summary"].Str() != "End the process on an empty list");
        session["status"].Str().ShouldBe("awaiting_approval");
    }
}
