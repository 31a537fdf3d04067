using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Releases;

/// <summary>The dashboard's view of releases (/api/v1): adoption, new issues, regressions, commits, and an issue's suspect commits.</summary>
public class ProjectReleaseApiTests
{
    private static object Commit(string id, string message, params string[] paths) => new
    {
        id, message, repository = "acme/shop", author_name = "Ada", author_email = "ada@example.com", timestamp = "2026-12-01T09:30:00Z",
        patch_set = paths.Select(p => new { path = p, type = "M" }).ToArray(),
    };

    [Theory, SqliteData, PostgresData]
    public async Task A_release_shows_its_events_new_issues_regressions_and_suspect_commits(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var cli = await ApiTokens.ClientAsync(app);
        await app.SendErrorsAsync("checkout", 2, release: "app@1.0.0");
        await app.SendErrorsAsync("refund", 1, release: "app@1.0.0");
        var checkout = (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/issues?query=checkout")).Items().ShouldHaveSingleItem()!["id"].Long();
        (await admin.PatchJsonAsync($"/api/v1/issues/{checkout}", new { status = "resolved" })).EnsureSuccessStatusCode();
        (await cli.PutAsJsonAsync("/api/0/organizations/default/releases/app@1.0.0/", new
        {
            commits = new[] { Commit("aaaa1111", "Validate users", "src/users.js"), Commit("bbbb2222", "Docs", "README.md") },
        }, JsonSerializerOptions.Web)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("checkout", 1, release: "app@1.1.0");

        var releases = (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/releases")).Items();
        releases.Select(r => r!["version"].Str()).ShouldBe(["app@1.1.0", "app@1.0.0"]);
        var (newer, older) = (releases[0]!, releases[1]!);
        (newer["events"].Long(), newer["newIssues"]!.GetValue<int>(), newer["regressions"]!.GetValue<int>()).ShouldBe((1L, 0, 1));
        (older["events"].Long(), older["newIssues"]!.GetValue<int>(), older["regressions"]!.GetValue<int>(), older["commitCount"]!.GetValue<int>()).ShouldBe((3L, 2, 0, 2));
        (older["adoption"]!.GetValue<double>() + newer["adoption"]!.GetValue<double>()).ShouldBe(1.0, 0.0001);

        var detail = await admin.GetJsonAsync($"/api/v1/projects/{projectId}/releases/app%401.1.0");
        detail["regressedIssues"]!.AsArray().ShouldHaveSingleItem()!["id"].Long().ShouldBe(checkout);
        detail["newIssues"]!.AsArray().ShouldBeEmpty();
        (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/releases/app@1.0.0"))["newIssues"]!.AsArray().Count.ShouldBe(2);

        // The trace's in-app frame is /srv/app/src/users.js: the commit that touched src/users.js is the suspect.
        var suspect = (await admin.GetJsonAsync($"/api/v1/issues/{checkout}/suspect-commits")).AsArray().ShouldHaveSingleItem()!;
        (suspect["release"].Str(), suspect["commit"]!["id"].Str()).ShouldBe(("app@1.0.0", "aaaa1111"));
        suspect["matchedFiles"]!.AsArray().Select(f => f.Str()).ShouldBe(["src/users.js"]);
    }

    [Theory, SqliteData]
    public async Task Outsiders_find_no_release_and_no_suspect(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Issues.Select(i => i.Id)));
        var (stranger, _, _) = await app.NewTenantAsync("stranger@example.com");
        (await stranger.GetAsync($"/api/v1/projects/{projectId}/releases")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/v1/projects/{projectId}/releases/app@1.0.0")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/v1/issues/{issueId}/suspect-commits")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var admin = await app.SignedInClientAsync();
        (await admin.GetAsync($"/api/v1/projects/{projectId}/releases/app@9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
