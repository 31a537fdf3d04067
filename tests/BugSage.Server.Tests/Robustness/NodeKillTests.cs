using System.Net;
using BugSage.Core.Processing;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// Two nodes on one PostgreSQL database. One is a real process that claims a fix session and is
/// killed with SIGKILL in the middle of it; once its lease runs out the other node takes the
/// session over and finishes it.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class NodeKillTests : IDisposable
{
    private const int LeaseSeconds = 5;
    private readonly TestRepository git = new();
    private readonly string killedNodeData = Path.Combine(Path.GetTempPath(), "bugsage-killed-node-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        git.Dispose();
        if (Directory.Exists(killedNodeData)) Directory.Delete(killedNodeData, recursive: true);
    }

    [Theory, PostgresData]
    public async Task A_fix_session_whose_node_is_killed_mid_run_is_finished_by_another_node(string provider)
    {
        // The model holds the first node's request open, so the kill lands while the session is
        // claimed and half done; the second node's request is answered with no candidates.
        await using var model = await FakeModelServer.StartAsync();
        var held = new HeldAnswer();
        model.Then(_ => held).Then(_ => FakeModelServer.OpenAiCompletion("I have no candidate to propose.", "fixer"));
        await using var survivor = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Workers:LeaseSeconds"] = LeaseSeconds.ToString() });
        var api = await survivor.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(survivor, api, git);
        var orgId = await survivor.DefaultOrganizationAsync();
        (await api.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "local", provider = "openai", endpoint = new Uri(model.Address, "v1").ToString(), model = "fixer" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();

        // The doomed node runs its workers in the background, as a production node does.
        await using (var doomed = await ServerProcess.StartAsync(killedNodeData, environment: new Dictionary<string, string>
        {
            ["BugSage__Storage__Provider"] = provider,
            ["BugSage__Storage__ConnectionString"] = survivor.ConnectionString!,
            ["BugSage__Secrets__KeyFile"] = Path.Combine(survivor.DataDirectory, "secrets.key"),
            ["BugSage__Workers__LeaseSeconds"] = LeaseSeconds.ToString(),
            ["BugSage__Autofix__AllowedRepositoryRoots__0"] = Path.GetTempPath(),
            ["BugSage__Network__AllowedPrivateHosts__0"] = "127.0.0.0/8",
        }))
        {
            await held.Arrived.WaitAsync(TimeSpan.FromSeconds(90));
            var claimed = await SessionAsync(survivor, sessionId);
            claimed.Status.ShouldBe("running");
            claimed.LeaseOwner.ShouldNotBe(survivor.Services.GetRequiredService<NodeIdentity>().Id);
            doomed.Kill();
        }

        // Until the dead node's lease runs out its claim stands; then the survivor takes the session.
        var deadline = DateTime.UtcNow.AddSeconds(LeaseSeconds * 6);
        var ran = 0;
        while (ran == 0 && DateTime.UtcNow < deadline)
        {
            ran = await survivor.RunFixSessionsAsync();
            if (ran == 0) await Task.Delay(200);
        }
        ran.ShouldBe(1, "the survivor took the session over once the dead node's lease ran out");

        var finished = await SessionAsync(survivor, sessionId);
        (finished.Status, finished.Attempts, finished.LeaseOwner).ShouldBe(("awaiting_approval", 2, survivor.Services.GetRequiredService<NodeIdentity>().Id));
        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["candidates"]!.AsArray().ShouldContain(c => c!["validated"]!.GetValue<bool>(), "the survivor proved a fix from the beginning");
        model.Requests.Count.ShouldBe(2, "one model call by each node");
    }

    private static Task<Core.Autofix.Sessions.FixSession> SessionAsync(BugSageFactory app, long id) =>
        app.WithDbAsync(db => db.FixSessions.AsNoTracking().SingleAsync(s => s.Id == id));

    /// <summary>A model answer that never comes: it tells the test when its request arrived, then waits until the caller goes away.</summary>
    private sealed class HeldAnswer : IResult
    {
        private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => arrived.Task;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, httpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The node that asked was killed.
            }
        }
    }
}
