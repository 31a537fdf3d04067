using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Api;

/// <summary>Chat models and linked repositories are changed and removed as well as added; a repository linked by URL is cloned and read.</summary>
public sealed class ConfigurationLifecycleTests
{
    [Fact]
    public async Task A_model_is_changed_then_removed_and_its_agent_with_it()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var url = $"/api/v1/organizations/{orgId}/models";
        var id = (await (await admin.PostJsonAsync(url, new { name = "local", provider = "openai", endpoint = "http://127.0.0.1:9/v1", model = "m", apiKey = "sk-1" })).ReadJsonAsync())["id"].Long();

        var changed = await admin.PatchJsonAsync($"{url}/{id}", new { name = "renamed", model = "m2", apiKey = "", priority = 5, enabled = false });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await admin.GetJsonAsync(url)).AsArray().ShouldHaveSingleItem()!;
        (listed["name"].Str(), listed["model"].Str(), listed["hasApiKey"]!.GetValue<bool>(), listed["priority"]!.GetValue<int>(), listed["enabled"]!.GetValue<bool>(), listed["endpoint"].Str())
            .ShouldBe(("renamed", "m2", false, 5, false, "http://127.0.0.1:9/v1"));
        (await admin.PatchJsonAsync($"{url}/{id}", new { endpoint = "ftp://x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var (viewer, _, _) = await app.NewTenantAsync("viewer@example.com");
        (await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/members", new { email = "viewer@example.com", role = "viewer" })).EnsureSuccessStatusCode();
        (await viewer.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await admin.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetJsonAsync(url)).AsArray().ShouldBeEmpty();
        (await app.WithDbAsync(db => db.AiModels.CountAsync())).ShouldBe(0);
        (await admin.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PatchJsonAsync($"{url}/{id}", new { name = "gone" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_repository_is_unlinked_once_and_only_by_someone_who_may()
    {
        using var git = new TestRepository().Commit("init", ("a.txt", "a\n"));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var url = $"/api/v1/projects/{projectId}/repositories";
        var id = (await (await admin.PostJsonAsync(url, new { name = "shop", path = git.Path })).ReadJsonAsync())["id"].Long();
        var (stranger, _, _) = await app.NewTenantAsync("stranger@example.com");
        (await stranger.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await admin.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await admin.GetJsonAsync(url)).AsArray().ShouldBeEmpty();
        (await admin.DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Directory.Exists(git.Path).ShouldBeTrue("unlinking never touches the repository itself");
        var orgId = await app.DefaultOrganizationAsync();
        (await admin.GetJsonAsync($"/api/v1/organizations/{orgId}/audit")).Items().Select(e => e!["action"].Str()).ShouldContain("repository.unlinked");
    }

    [Fact]
    public async Task A_repository_linked_by_git_url_is_cloned_and_its_source_read_at_the_release()
    {
        using var git = new TestRepository()
            .Commit("Add users", ("src/users.js", "const users = {};\n\nfunction getUser(id) {\n  return users[id].name;\n}\n"));
        git.Git("tag", "v1.0.0");
        // A bare copy served by git daemon on loopback: cloned as any remote is, over the git protocol.
        await using var daemon = await GitDaemon.ServeAsync(git);

        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var linked = await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "shop", url = daemon.Url(), pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        });
        linked.StatusCode.ShouldBe(HttpStatusCode.Created);
        var repositoryId = (await linked.ReadJsonAsync())["id"].Long();

        // The SDK sent no source context: the line comes from the clone, at release 1.0.0.
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "node", release = "shop@1.0.0",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'name')",
                stacktrace = new { frames = new[] { new { filename = "/srv/app/src/users.js", function = "getUser", lineno = 4, in_app = true } } } } } },
        }));
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        (await app.RunAnalysesAsync()).ShouldBe(1);

        var evidence = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/analysis"))["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        evidence.ShouldContain("source: return users[id].name;");
        evidence.ShouldContain(e => e.StartsWith("src/users.js:4 in shop at ", StringComparison.Ordinal));
        // The clone's directory is named by the link and its URL: a later link that gets the same id
        // (SQLite reuses the highest one after a delete) or an edited URL never reads this clone.
        var clone = Directory.GetDirectories(Path.Combine(app.DataDirectory, "repositories")).ShouldHaveSingleItem();
        Path.GetFileName(clone).ShouldStartWith(repositoryId + "-");
        Directory.Exists(Path.Combine(clone, ".git")).ShouldBeTrue("cloned into the data directory");

        // Unlinked, the tenant's code goes with the link.
        (await api.DeleteAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Directory.Exists(clone).ShouldBeFalse();
    }
}
