using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Compat.Tests;

/// <summary>
/// A release pipeline run with the real <c>sentry-cli</c> against BugSage, from a checkout whose
/// remote is the linked repository: releases new, set-commits --auto, deploys new, sourcemaps
/// inject and upload, releases finalize; then set-commits --local for the next release. Each
/// step exits 0 and the API shows what it did; an error from the release names its suspect commit.
/// </summary>
public sealed class ReleaseCliTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;
    private TestRepository checkout = null!;
    private string dist = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
        checkout = new TestRepository()
            .Commit("Initial checkout", ("src/cart.js", "export const cart = [];\n"))
            .CommitAs("Grace", "Apply the discount rule", ("src/cart.js", "export const cart = [1];\n"), ("src/prices.js", "export {};\n"));
        checkout.Git("remote", "add", "origin", "git@github.com:acme/shop.git");
        dist = SentryCli.NewDistDirectory();
    }

    public async Task DisposeAsync()
    {
        checkout.Dispose();
        await server.DisposeAsync();
        if (Directory.Exists(dist)) Directory.Delete(dist, recursive: true);
    }

    [Fact]
    public async Task A_release_pipeline_runs_end_to_end_with_sentry_cli()
    {
        (await api.PostJsonAsync($"/api/v1/projects/{server.ProjectId}/repositories", new { name = "acme/shop", path = checkout.Path, gitHubRepository = "acme/shop" }))
            .EnsureSuccessStatusCode();
        var cli = SentryCli.EnvironmentFor(server, await ApiTokens.CreateAsync(api));
        const string Version = "shop@1.0.0";

        (await SentryCliAsync(cli, "releases", "new", Version)).ShouldContain($"Created release {Version}");
        await SentryCliAsync(cli, "releases", "set-commits", Version, "--auto");
        (await SentryCliAsync(cli, "deploys", "new", "--release", Version, "-e", "production", "-n", "blue")).ShouldContain("production");
        await SentryCli.BundleAsync("minified/app.js", $"{dist}/app.min.mjs", "--platform=node", "--format=esm", "--external:@sentry/node");
        await SentryCliAsync(cli, "sourcemaps", "inject", dist);
        (await SentryCliAsync(cli, "sourcemaps", "upload", "--release", Version, dist)).ShouldContain("Uploaded files to Sentry");
        (await SentryCliAsync(cli, "releases", "finalize", Version)).ShouldContain($"Finalized release {Version}");
        (await SentryCliAsync(cli, "releases", "list")).ShouldContain(Version);

        var release = await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/releases/{Uri.EscapeDataString(Version)}");
        release["release"]!["dateReleased"].ShouldNotBeNull();
        release["commits"]!.AsArray().Select(c => c!["message"].Str()).ShouldBe(["Apply the discount rule", "Initial checkout"]);
        release["commits"]![0]!["files"]!.AsArray().Select(f => f!["path"].Str()).Order().ShouldBe(["src/cart.js", "src/prices.js"]);
        var deploy = release["deploys"]!.AsArray().ShouldHaveSingleItem()!;
        (deploy["environment"].Str(), deploy["name"].Str()).ShouldBe(("production", "blue"));
        release["artifactBundles"]!.GetValue<int>().ShouldBe(1);

        // An error of the release: its stack trace's cart.js was touched by Grace's commit.
        await SentryCli.RunAsync("node", [Path.Combine(dist, "app.min.mjs")], new() { ["SENTRY_DSN"] = server.Dsn, ["SENTRY_RELEASE"] = Version });
        await server.App.DigestAsync();
        var issue = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items().ShouldHaveSingleItem()!;
        issue["firstRelease"].Str().ShouldBe(Version);
        // Both of the release's commits touched src/cart.js; the newest comes first.
        var suspects = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/suspect-commits")).AsArray();
        suspects.Select(s => s!["commit"]!["message"].Str()).ShouldBe(["Apply the discount rule", "Initial checkout"]);
        suspects[0]!["commit"]!["author"]!["name"].Str().ShouldBe("Grace");
        suspects[0]!["matchedFiles"]!.AsArray().Select(f => f.Str()).ShouldBe(["src/cart.js"]);

        // The next release from the local history: only what came after shop@1.0.0's head.
        checkout.CommitAs("Linus", "Check coupons before the total", ("src/coupons.js", "export {};\n"));
        await SentryCliAsync(cli, "releases", "new", "shop@1.1.0");
        await SentryCliAsync(cli, "releases", "set-commits", "shop@1.1.0", "--local");
        var next = await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/releases/shop%401.1.0");
        var commit = next["commits"]!.AsArray().ShouldHaveSingleItem()!;
        (commit["message"].Str(), commit["author"]!["name"].Str()).ShouldBe(("Check coupons before the total", "Linus"));
        commit["files"]!.AsArray().Select(f => f!["path"].Str()).ShouldBe(["src/coupons.js"]);
    }

    private Task<string> SentryCliAsync(Dictionary<string, string> environment, params string[] args) =>
        SentryCli.RunAsync(Path.Combine(SdkAssets.Directory, "node_modules", ".bin", "sentry-cli"), args, environment, checkout.Path);
}
