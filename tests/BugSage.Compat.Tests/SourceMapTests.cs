using System.Diagnostics;
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
        dist = Path.Combine(SdkAssets.Directory, "minified", "dist-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        if (Directory.Exists(dist)) Directory.Delete(dist, recursive: true);
    }

    [Fact]
    public async Task Sentry_cli_uploads_maps_and_a_minified_node_error_shows_the_original_code()
    {
        await RunAsync("npx", ["--no-install", "esbuild", "minified/app.js", "--bundle", "--minify", "--sourcemap", "--platform=node", "--format=esm",
            "--external:@sentry/node", $"--outfile={dist}/app.min.mjs", "--log-level=warning"]);
        var token = await ApiTokens.CreateAsync(api);
        var cli = new Dictionary<string, string>
        {
            ["SENTRY_URL"] = server.App.ClientOptions.BaseAddress.ToString(),
            ["SENTRY_AUTH_TOKEN"] = token,
            ["SENTRY_ORG"] = "default",
            ["SENTRY_PROJECT"] = "default",
        };
        await RunAsync("npx", ["--no-install", "sentry-cli", "sourcemaps", "inject", dist], cli);
        var upload = await RunAsync("npx", ["--no-install", "sentry-cli", "sourcemaps", "upload", dist], cli);
        upload.ShouldContain("Uploaded files to Sentry");

        var run = await RunAsync("node", [Path.Combine(dist, "app.min.mjs")], new() { ["SENTRY_DSN"] = server.Dsn });
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

    private static async Task<string> RunAsync(string file, string[] args, Dictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SdkAssets.Directory };
        foreach (var (name, value) in environment ?? []) psi.Environment[name] = value;
        psi.Environment["NODE_NO_WARNINGS"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        return await stdout + await stderr;
    }
}
