using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Releases;

/// <summary>
/// The release calls of sentry-cli 3.x as it sends them (paths, field names, nanosecond
/// timestamps), with an API token: create, list, finalize, set commits (refs from a linked
/// repository, or whole commits from a local history), deploys, delete; and who may do what.
/// </summary>
public class SentryReleaseApiTests
{
    private const string Releases = "/api/0/organizations/default/releases/";

    private static Task<HttpClient> TokenClientAsync(BugSageFactory app, string scope = "project:releases", HttpClient? user = null) => ApiTokens.ClientAsync(app, scope, user);

    private static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, JsonSerializerOptions.Web);

    private static async Task<string> DetailOf(HttpResponseMessage response) => (await response.ReadJsonAsync())["detail"].Str();

    [Theory, SqliteData, PostgresData]
    public async Task A_pipeline_creates_finalizes_deploys_and_lists_a_release(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await TokenClientAsync(app);

        // sentry-cli releases new (chrono writes nanoseconds).
        var created = await cli.PostJsonAsync(Releases, new { version = "shop@2.0.0", projects = new[] { "default" }, dateStarted = "2026-12-02T10:00:00.123456789Z" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var info = await created.ReadJsonAsync();
        info["version"].Str().ShouldBe("shop@2.0.0");
        info["dateCreated"].Str().ShouldStartWith("2026-12-02T10:00:00.123456");
        info["dateReleased"].ShouldBeNull();
        info["projects"]!.AsArray().Select(p => p!["slug"].Str()).ShouldBe(["default"]);
        // Run again (a retried pipeline): the same release, not an error.
        (await cli.PostJsonAsync(Releases, new { version = "shop@2.0.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // sentry-cli releases finalize.
        var finalized = await PutJsonAsync(cli, Releases + "shop@2.0.0/", new { dateReleased = "2026-12-02T11:00:00.5Z", url = "https://shop.example/releases/2.0.0" });
        finalized.StatusCode.ShouldBe(HttpStatusCode.OK, await finalized.Content.ReadAsStringAsync());
        (await finalized.ReadJsonAsync())["dateReleased"].Str().ShouldStartWith("2026-12-02T11:00:00.5");

        // sentry-cli deploys new -e production.
        var deployed = await cli.PostJsonAsync(Releases + "shop@2.0.0/deploys/", new { environment = "production", name = "blue", dateFinished = "2026-12-02T11:05:00Z" });
        deployed.StatusCode.ShouldBe(HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync());
        (await deployed.ReadJsonAsync())["environment"].Str().ShouldBe("production");
        var deploys = (await cli.GetJsonAsync(Releases + "shop@2.0.0/deploys/")).AsArray();
        deploys.ShouldHaveSingleItem()!["name"].Str().ShouldBe("blue");

        // sentry-cli releases list, for the organization and for the project; info.
        (await cli.GetJsonAsync(Releases)).AsArray().Select(r => r!["version"].Str()).ShouldBe(["shop@2.0.0"]);
        (await cli.GetJsonAsync("/api/0/projects/default/default/releases/")).AsArray().ShouldHaveSingleItem()!["deployCount"]!.GetValue<int>().ShouldBe(1);
        (await cli.GetJsonAsync(Releases + "shop@2.0.0/"))["url"].Str().ShouldBe("https://shop.example/releases/2.0.0");

        // The dashboard's view of the same release.
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var row = (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/releases")).Items().ShouldHaveSingleItem()!;
        (row["version"].Str(), row["deployCount"]!.GetValue<int>(), row["lastDeploy"]!["environment"].Str()).ShouldBe(("shop@2.0.0", 1, "production"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Set_commits_auto_reads_the_release_history_from_the_linked_repository(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        using var git = new TestRepository()
            .Commit("initial", ("src/cart.js", "a\n"))
            .CommitAs("Grace", "Round discounts", ("src/cart.js", "b\n"), ("src/prices.js", "p\n"));
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "acme/shop", path = git.Path, gitHubRepository = "acme/shop" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var cli = await TokenClientAsync(app);

        // What sentry-cli matches its git remote against.
        var repo = (await cli.GetJsonAsync("/api/0/organizations/default/repos/")).AsArray().ShouldHaveSingleItem()!;
        (repo["name"].Str(), repo["url"].Str(), repo["provider"]!["id"].Str()).ShouldBe(("acme/shop", "https://github.com/acme/shop", "integrations:github"));

        var first = git.Git("rev-parse", "HEAD").Trim();
        (await cli.PostJsonAsync(Releases, new { version = "shop@1.0.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PutJsonAsync(cli, Releases + "shop@1.0.0/", new { refs = new[] { new { repository = "acme/shop", commit = first } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cli.GetJsonAsync(Releases + "shop@1.0.0/commits/")).AsArray().Select(c => c!["message"].Str()).ShouldBe(["Round discounts", "initial"]);

        git.CommitAs("Linus", "Fix the coupon check", ("src/coupons.js", "c\n"));
        var second = git.Git("rev-parse", "HEAD").Trim();
        (await cli.PostJsonAsync(Releases, new { version = "shop@1.1.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var set = await PutJsonAsync(cli, Releases + "shop@1.1.0/", new { refs = new[] { new { repository = "ACME/shop", commit = second } } });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await set.ReadJsonAsync())["lastCommit"]!["id"].Str().ShouldBe(second);

        // Only what is new since the previous release's head.
        var commits = (await cli.GetJsonAsync(Releases + "shop@1.1.0/commits/")).AsArray();
        var only = commits.ShouldHaveSingleItem()!;
        (only["id"].Str(), only["author"]!["name"].Str(), only["repository"]!["name"].Str()).ShouldBe((second, "Linus", "acme/shop"));
        only["files"]!.AsArray().Select(f => f!["path"].Str()).ShouldBe(["src/coupons.js"]);
        (await cli.GetJsonAsync(Releases + "shop@1.2.0/previous-with-commits/"))["version"].Str().ShouldBe("shop@1.1.0");
    }

    [Theory, SqliteData]
    public async Task Set_commits_from_a_local_history_keeps_what_the_pipeline_sent(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await TokenClientAsync(app);
        (await cli.PostJsonAsync(Releases, new { version = "2.0.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // No release has commits yet: sentry-cli reads {} as "none".
        (await cli.GetJsonAsync(Releases + "2.0.0/previous-with-commits/")).AsObject().Count.ShouldBe(0);

        var answer = await PutJsonAsync(cli, Releases + "2.0.0/", new
        {
            commits = new[]
            {
                new
                {
                    patch_set = new[] { new { path = "src/cart.js", type = "M" }, new { path = "src/new.js", type = "A" } },
                    repository = "acme/shop", author_name = "Ada", author_email = "ada@example.com",
                    timestamp = "2026-12-01T09:30:00+01:00", message = "Apply the discount after tax", id = "5f2c8e0a1b3d4c5e6f708192a3b4c5d6e7f80912",
                },
            },
        });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());

        var commit = (await cli.GetJsonAsync(Releases + "2.0.0/commits/")).AsArray().ShouldHaveSingleItem()!;
        commit["dateCreated"].Str().ShouldStartWith("2026-12-01T08:30:00");
        commit["author"]!["email"].Str().ShouldBe("ada@example.com");
        commit["files"]!.AsArray().Select(f => $"{f!["type"].Str()} {f["path"].Str()}").ShouldBe(["M src/cart.js", "A src/new.js"]);
    }

    [Theory, SqliteData]
    public async Task Bad_requests_get_a_detail_the_cli_prints_and_change_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await TokenClientAsync(app);

        var slash = await cli.PostJsonAsync(Releases, new { version = "a/b", projects = new[] { "default" } });
        slash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DetailOf(slash)).ShouldContain("slash");
        (await DetailOf(await cli.PostJsonAsync(Releases, new { version = "1.0", projects = new[] { "nope" } }))).ShouldContain("no project");
        (await DetailOf(await cli.PostJsonAsync(Releases, new { version = "1.0", projects = Array.Empty<string>() }))).ShouldContain("at least one project");
        (await cli.GetJsonAsync(Releases)).AsArray().ShouldBeEmpty();

        (await cli.PostJsonAsync(Releases, new { version = "1.0", projects = new object[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DetailOf(await PutJsonAsync(cli, Releases + "1.0/", new { refs = new[] { new { repository = "acme/none", commit = "abcdef12" } } }))).ShouldContain("no repository named");
        (await DetailOf(await PutJsonAsync(cli, Releases + "1.0/", new { commits = new[] { new { id = "--upload-pack=touch /tmp/x", repository = "r" } } }))).ShouldContain("hexadecimal");
        (await DetailOf(await cli.PostJsonAsync(Releases + "1.0/deploys/", new { environment = "" }))).ShouldContain("environment");
        (await DetailOf(await cli.PostJsonAsync(Releases + "1.0/deploys/", new { environment = "prod", url = "javascript:alert(1)" }))).ShouldContain("http");
        var missing = await PutJsonAsync(cli, Releases + "9.9/", new { dateReleased = "2026-12-02T11:00:00Z" });
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DetailOf(missing)).ShouldContain("9.9");
        (await cli.GetJsonAsync(Releases + "1.0/commits/")).AsArray().ShouldBeEmpty();
        (await cli.GetJsonAsync(Releases + "1.0/deploys/")).AsArray().ShouldBeEmpty();
    }

    [Theory, SqliteData]
    public async Task A_release_with_events_stays_one_without_is_deleted(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await TokenClientAsync(app);
        await app.SendErrorsAsync("checkout", 1, release: "app@1.0.0");
        await app.DigestAsync();
        (await cli.PostJsonAsync(Releases, new { version = "app@2.0.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await cli.DeleteAsync(Releases + "app@1.0.0/");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DetailOf(refused)).ShouldContain("events");
        (await cli.DeleteAsync(Releases + "app@2.0.0/")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await cli.DeleteAsync(Releases + "app@2.0.0/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await cli.GetJsonAsync(Releases)).AsArray().Select(r => r!["version"].Str()).ShouldBe(["app@1.0.0"]);
    }

    [Theory, SqliteData]
    public async Task Outsiders_find_nothing_and_readers_change_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await TokenClientAsync(app);
        (await cli.PostJsonAsync(Releases, new { version = "1.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (strangerUser, _, _) = await app.NewTenantAsync("stranger@example.com");
        var stranger = await TokenClientAsync(app, user: strangerUser);
        foreach (var url in new[] { Releases, Releases + "1.0/", Releases + "1.0/commits/", Releases + "1.0/deploys/", "/api/0/organizations/default/repos/", "/api/0/projects/default/default/releases/" })
            (await stranger.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        (await stranger.PostJsonAsync(Releases, new { version = "1.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PutJsonAsync(stranger, Releases + "1.0/", new { dateReleased = "2026-12-02T11:00:00Z" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.DeleteAsync(Releases + "1.0/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The stranger's own project named in the default organization is no project of it.
        (await DetailOf(await cli.PostJsonAsync(Releases, new { version = "1.1", projects = new[] { "stranger-app" } }))).ShouldContain("no project");

        var reader = await TokenClientAsync(app, "project:read");
        (await reader.GetJsonAsync(Releases)).AsArray().Count.ShouldBe(1);
        (await reader.PostJsonAsync(Releases, new { version = "1.2", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PutJsonAsync(reader, Releases + "1.0/", new { dateReleased = "2026-12-02T11:00:00Z" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.PostJsonAsync(Releases + "1.0/deploys/", new { environment = "prod" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", BugSage.Core.Accounts.Roles.Viewer);
        (await viewer.DeleteAsync(Releases + "1.0/")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cli.GetJsonAsync(Releases + "1.0/"))["dateReleased"].ShouldBeNull();
    }
}
