using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Compat.Tests;

/// <summary>
/// A minified bundle's errors read as the original code: esbuild builds it with a map, the real
/// <c>sentry-cli</c> injects debug IDs and uploads both to BugSage with an API token, and the real
/// <c>@sentry/node</c> reports an error from the minified file.
/// </summary>
public sealed class SourceMapTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;
    private string dist = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
        // Inside sdk/ so the bundle finds @sentry/node and the map names the sources ../cart.js.
        dist = SentryCli.NewDistDirectory();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        if (Directory.Exists(dist)) Directory.Delete(dist, recursive: true);
    }

    [Fact]
    public async Task Sentry_cli_uploads_maps_and_a_minified_node_error_shows_the_original_code()
    {
        await SentryCli.BundleAsync("minified/app.js", $"{dist}/app.min.mjs", "--platform=node", "--format=esm", "--external:@sentry/node");
        await SentryCli.InjectAndUploadAsync(server, api, dist);

        var run = await SentryCli.RunAsync("node", [Path.Combine(dist, "app.min.mjs")], new() { ["SENTRY_DSN"] = server.Dsn });
        var eventId = JsonNode.Parse(run)!["eventIds"]![0].Str();
        await server.App.DigestAsync();

        var evt = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{eventId}"))["event"]!;
        var frames = evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray();
        var top = frames[^1]!;
        top["filename"].Str().ShouldBe("cart.js");
        top["function"].Str().ShouldBe("applyDiscount");
        top["lineno"].Long().ShouldBe(12);
        top["contextLine"].Str().ShouldBe("  return totalPrice(cart) * (1 - rule.percent / 100);");
        top["inApp"]!.GetValue<bool>().ShouldBeTrue();
        top["minified"]!["filename"].Str().ShouldEndWith("app.min.mjs");
        var caller = frames[^2]!;
        (caller["filename"].Str(), caller["function"].Str(), caller["lineno"].Long()).ShouldBe(("app.js", "checkout", 10L));

        var issue = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items().ShouldHaveSingleItem()!;
        issue["culprit"].Str().ShouldStartWith("applyDiscount(");
    }
}
