using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// Fix sessions of a repository whose tests need packages: its restore step fetches them from the
/// in-test registry (the one allowed registry) before each build, and a fix is validated; a
/// failing restore, or one that cannot run here, fails the session with the reason. Heavy: npm
/// runs in every worktree, and the analysis's bounded pattern matching must not be starved by it.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class RestoreSessionTests : IAsyncLifetime, IDisposable
{
    private readonly TestRepository git = new();
    private readonly FakePackageRegistry registry = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => registry.DisposeAsync().AsTask();

    public void Dispose() => git.Dispose();

    private Task<BugSageFactory> AppAsync(string? forwarder = null) => BugSageFactory.CreateAsync("sqlite", new()
    {
        ["BugSage:Autofix:Restore:Registries:0"] = registry.Host,
        ["BugSage:Autofix:Restore:Forwarder"] = forwarder ?? "socat",
    });

    private async Task<long> StartAsync(BugSageFactory app, HttpClient api)
    {
        var issueId = await FixScenarios.MentionsOfARemovedUserAsync(app, api, git, registry);
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return (await started.ReadJsonAsync())["id"].Long();
    }

    [PackageRestoreFact]
    public async Task Packages_the_tests_need_are_restored_from_the_registry_and_the_fix_is_validated()
    {
        await using var app = await AppAsync();
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);

        await app.RunFixSessionsAsync(TimeSpan.FromMinutes(3));

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval", session.ToJsonString());
        var best = session["candidates"]![0]!;
        (best["validated"]!.GetValue<bool>(), best["summary"].Str()).ShouldBe((true, "Return null when user is missing"));
        var validation = best["validation"]!;
        (validation["built"]!.GetValue<bool>(), validation["testsPassed"]!.GetValue<bool>(), validation["networkIsolated"]!.GetValue<bool>()).ShouldBe((true, true, true));
        var log = validation["log"].Str();
        log.ShouldStartWith("$ npm install --no-audit --no-fund", customMessage: "restored first, from the repository's bugsage.json");
        log.ShouldContain("added 1 package");
        log.ShouldContain("# pass 2");
        // Every worktree restored, and the tarball came from the registry once: after that, from the repository's cache.
        registry.Requests.ShouldContain("GET /user-fixtures");
        registry.Requests.Count(r => r == "GET /user-fixtures/-/user-fixtures-1.0.0.tgz").ShouldBe(1);
    }

    [PackageRestoreFact]
    public async Task A_failing_restore_fails_every_candidate_with_its_reason()
    {
        await using var app = await AppAsync();
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        // The link's command wins over the repository's bugsage.json.
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}",
            new { restoreCommand = "echo 'npm ERR! 404 user-fixtures is not in this registry' >&2; exit 7", testCommand = "node --test test/" })).EnsureSuccessStatusCode();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("failed");
        var candidates = session["candidates"]!.AsArray();
        session["error"].Str().ShouldBe($"none of the {candidates.Count} candidates passed validation");
        foreach (var candidate in candidates)
        {
            candidate!["validation"]!["built"]!.GetValue<bool>().ShouldBeFalse();
            candidate["validation"]!["log"].Str().ShouldContain("[restore] failed (exit code 7): nothing was built or tested");
        }
        registry.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_its_forwarder_the_restore_step_refuses_and_the_session_says_why()
    {
        await using var app = await AppAsync(forwarder: "/nonexistent/socat");
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("failed");
        var expected = SandboxAvailable
            ? "nothing ran: the restore step cannot run here (/nonexistent/socat is not installed (Debian: apt-get install socat); " +
              "it carries the restore step's connections to BugSage's registry proxy)"
            : "nothing ran: the sandbox cannot be set up here";
        session["error"].Str().ShouldStartWith(expected);
        registry.Requests.ShouldBeEmpty();
    }

    private static bool SandboxAvailable => Core.Autofix.Sandbox.SandboxProcess.CanIsolateNetwork;

    [Fact]
    public async Task The_restore_command_is_set_changed_and_removed_on_the_link()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var url = $"/api/v1/projects/{projectId}/repositories";

        var linked = await (await api.PostJsonAsync(url, new { name = "shop", path = git.Path, restoreCommand = "npm ci", testCommand = "npm test" })).ReadJsonAsync();
        var id = linked["id"].Long();
        (linked["restoreCommand"].Str(), linked["testCommand"].Str()).ShouldBe(("npm ci", "npm test"));
        (await api.PatchJsonAsync($"{url}/{id}", new { restoreCommand = "dotnet restore" })).EnsureSuccessStatusCode();
        (await api.GetJsonAsync(url))[0]!["restoreCommand"].Str().ShouldBe("dotnet restore");
        var removed = await (await api.PatchJsonAsync($"{url}/{id}", new { restoreCommand = "" })).ReadJsonAsync();
        removed["restoreCommand"].ShouldBeNull();
        (await api.PostJsonAsync(url, new { name = "long", path = git.Path, restoreCommand = new string('x', 1001) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
