using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>A coding agent's proposed patch enters validation like any candidate: a fix session proves it in the sandbox, and a person approves it.</summary>
public sealed class AgentPatchValidationTests : IDisposable
{
    private const string Guard = FixScenarios.AverageOfNothingGuard;

    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_proposed_patch_is_validated_in_the_sandbox_and_awaits_a_persons_approval()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        // With the frame's variables, as sentry-python sends them, so the session can build its reproduction.
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, withLocals: true);
        var agent = await ApiTokens.ClientAsync(app, "tasks:write", api);
        (await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", agent = "fixer-bot" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var proposed = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "patch_proposed", agent = "fixer-bot", diff = Guard });
        proposed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var answer = await proposed.ReadJsonAsync();
        var sessionId = answer["fixSessionId"].Long();
        answer["validation"]!["status"].Str().ShouldBe("queued");
        answer["validation"]!["fixSessionUrl"].Str().ShouldBe($"/api/v1/fix-sessions/{sessionId}");
        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval", session.ToJsonString());
        var candidate = session["candidates"]!.AsArray().Single()!;
        candidate["diff"].Str().ShouldBe(Guard);
        candidate["origin"].Str().ShouldBe("agent: fixer-bot");
        candidate["validated"]!.GetValue<bool>().ShouldBeTrue(candidate.ToJsonString());
        candidate["validation"]!["reproduction"]!["passesAfter"]!.GetValue<bool>().ShouldBeTrue(candidate.ToJsonString());

        // The session's reproduction is now the task's acceptance test, and a patch may not change it.
        var task = await agent.GetJsonAsync($"/api/v1/issues/{issueId}/task");
        TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), task).ShouldBeEmpty();
        var reproduction = task["reproduction"]!;
        reproduction["fixSessionId"].Long().ShouldBe(sessionId);
        reproduction["testFile"].Str().ShouldBe("test_bugsage_reproduction.py");
        reproduction["expected"]!["exceptionType"].Str().ShouldBe("ZeroDivisionError");
        reproduction["content"].Str().ShouldContain("average");
        task["constraints"]!["forbiddenPaths"]!.AsArray().Select(p => p.Str()).ShouldContain(reproduction["testFile"].Str());
        // The agent's token proposes; approving what ships stays with a person.
        (await agent.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { candidateId = candidate["id"].Long() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
