using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Releases;

/// <summary>Attacks on the release API (attack 17): findings, each a test that failed before its fix.</summary>
public class ReleaseAttack17Tests
{
    private const string Releases = "/api/0/organizations/default/releases/";

    private static async Task<HttpClient> TokenClientAsync(BugSageFactory app, string scope = "project:releases")
    {
        var user = await app.SignedInClientAsync();
        var answer = await user.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { scope } });
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        return app.ClientWithToken((await answer.ReadJsonAsync())["token"].Str());
    }

    private static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, JsonSerializerOptions.Web);

    private static async Task LinkAsync(BugSageFactory app, string name, string path)
    {
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var linked = await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name, path });
        linked.StatusCode.ShouldBe(HttpStatusCode.Created, await linked.Content.ReadAsStringAsync());
    }

    private static async Task<List<string>> MessagesAsync(HttpClient cli, string version, string? repository = null) =>
        (await cli.GetJsonAsync(Releases + version + "/commits/")).AsArray()
            .Where(c => repository is null || c!["repository"]!["name"].Str() == repository).Select(c => c!["message"].Str()).ToList();

    /// <summary>
    /// Finding (medium, logic): where a release's history starts was looked up as the previous release's commit at
    /// position 0, which is only the first repository's head; for every other repository of a multi-repository
    /// release the previous head was never found, so each release took the last 20 commits again.
    /// </summary>
    [Theory, SqliteData]
    public async Task The_second_repository_of_a_release_starts_where_the_previous_release_ended(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        using var web = new TestRepository().Commit("web one", ("web/a.js", "1\n")).Commit("web two", ("web/a.js", "2\n"));
        using var api = new TestRepository().Commit("api one", ("api/a.cs", "1\n")).Commit("api two", ("api/a.cs", "2\n"));
        await LinkAsync(app, "acme/web", web.Path);
        await LinkAsync(app, "acme/api", api.Path);
        var cli = await TokenClientAsync(app);

        (await cli.PostJsonAsync(Releases, new { version = "1.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = await PutJsonAsync(cli, Releases + "1.0/", new
        {
            refs = new[] { new { repository = "acme/web", commit = web.Git("rev-parse", "HEAD").Trim() }, new { repository = "acme/api", commit = api.Git("rev-parse", "HEAD").Trim() } },
        });
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());

        web.Commit("web three", ("web/a.js", "3\n"));
        api.Commit("api three", ("api/a.cs", "3\n"));
        (await cli.PostJsonAsync(Releases, new { version = "1.1", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await PutJsonAsync(cli, Releases + "1.1/", new
        {
            refs = new[] { new { repository = "acme/web", commit = web.Git("rev-parse", "HEAD").Trim() }, new { repository = "acme/api", commit = api.Git("rev-parse", "HEAD").Trim() } },
        });
        second.StatusCode.ShouldBe(HttpStatusCode.OK, await second.Content.ReadAsStringAsync());

        (await MessagesAsync(cli, "1.1", "acme/web")).ShouldBe(["web three"]);
        (await MessagesAsync(cli, "1.1", "acme/api")).ShouldBe(["api three"]);
    }

    /// <summary>
    /// Finding (medium, data loss): a retried set-commits of an older release, after a newer release's commits were
    /// set, started its history at the newer release's head; git log newer..older is empty, so the older release's
    /// commits were replaced by its head commit alone. previous-with-commits answered the newer release for the
    /// older one likewise (sentry-cli's --local history then runs to its depth limit).
    /// </summary>
    [Theory, SqliteData]
    public async Task Setting_an_older_releases_commits_again_does_not_start_at_a_newer_release(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        using var git = new TestRepository().Commit("initial", ("src/cart.js", "a\n")).Commit("Round discounts", ("src/cart.js", "b\n"));
        await LinkAsync(app, "acme/shop", git.Path);
        var cli = await TokenClientAsync(app);
        var first = git.Git("rev-parse", "HEAD").Trim();
        (await cli.PostJsonAsync(Releases, new { version = "1.0", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PutJsonAsync(cli, Releases + "1.0/", new { refs = new[] { new { repository = "acme/shop", commit = first } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MessagesAsync(cli, "1.0")).ShouldBe(["Round discounts", "initial"]);

        git.Commit("Fix the coupon check", ("src/coupons.js", "c\n"));
        (await cli.PostJsonAsync(Releases, new { version = "1.1", projects = new[] { "default" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PutJsonAsync(cli, Releases + "1.1/", new { refs = new[] { new { repository = "acme/shop", commit = git.Git("rev-parse", "HEAD").Trim() } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // The 1.0 pipeline is retried.
        (await PutJsonAsync(cli, Releases + "1.0/", new { refs = new[] { new { repository = "acme/shop", commit = first } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MessagesAsync(cli, "1.0")).ShouldBe(["Round discounts", "initial"]);
        (await cli.GetJsonAsync(Releases + "1.0/previous-with-commits/")).AsObject().Count.ShouldBe(0);
        (await cli.GetJsonAsync(Releases + "1.1/previous-with-commits/"))["version"].Str().ShouldBe("1.0");
    }

    /// <summary>
    /// Finding (low): a version an SDK sent holding a literal "%2F" (allowed: only the release API refuses slashes), linked
    /// by the dashboard as %252F. Routing decodes %25, then VersionSegments turns the %2F it leaves into a slash:
    /// the release is then never found.
    /// </summary>
    [Theory, SqliteData]
    public async Task A_version_holding_a_literal_percent_2F_is_found_by_its_escaped_path(string provider)
    {
        // On Kestrel: the in-memory test server hands routing an already decoded request target.
        await using var app = await BugSageFactory.CreateAsync(provider, kestrel: true);
        await app.SendErrorsAsync("checkout", 1, release: "feature%2Fcart");
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var answer = await admin.GetAsync($"/api/v1/projects/{projectId}/releases/{Uri.EscapeDataString("feature%2Fcart")}");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        (await answer.ReadJsonAsync())["release"]!["version"].Str().ShouldBe("feature%2Fcart");

        // A slash in a version still travels as %2F.
        await app.SendErrorsAsync("checkout", 1, release: "feature/cart");
        (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/releases/feature%2Fcart"))["release"]!["version"].Str().ShouldBe("feature/cart");
    }

    [Theory]
    [InlineData("/api/v1/projects/1/releases/feature%252Fcart", "feature%2Fcart", "feature%2Fcart")]
    [InlineData("/api/v1/projects/1/releases/feature%2Fcart", "feature%2Fcart", "feature/cart")]
    [InlineData("/api/v1/projects/1/releases/feature%2fcart?x=1", "feature%2fcart", "feature/cart")]
    [InlineData("/projects/1/releases/shop%401.0", "shop@1.0", "shop@1.0")]
    public void A_versions_path_segment_is_read_as_the_client_wrote_it(string target, string routeValue, string version)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = target;
        BugSage.Server.Releases.VersionSegments.FromRoute(routeValue, context).ShouldBe(version);
    }
}
