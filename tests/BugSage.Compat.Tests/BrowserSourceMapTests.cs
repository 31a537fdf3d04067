using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests;

/// <summary>
/// A minified browser bundle's error read as the original code: esbuild bundles a page's script
/// with the real @sentry/browser, <c>sentry-cli</c> injects debug IDs and uploads bundle and map,
/// the page serves the bundle alone (no map) and Chromium throws from it.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class BrowserSourceMapTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private ShopSite? site;
    private string dist = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
        dist = SentryCli.NewDistDirectory();
        (playwright, browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (site is not null) await site.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
        await server.DisposeAsync();
        if (Directory.Exists(dist)) Directory.Delete(dist, recursive: true);
    }

    [ChromiumFact]
    public async Task An_error_thrown_in_Chromium_from_a_minified_bundle_shows_the_original_file_function_and_line()
    {
        await SentryCli.BundleAsync("minified/shop.js", $"{dist}/shop.min.js", "--format=iife", "--platform=browser");
        await SentryCli.InjectAndUploadAsync(server, api, dist, "--url-prefix", "~/assets");
        site = await ShopSite.StartWithBundleAsync(server.Dsn, dist, "shop.min.js");

        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(site.Origin, "/checkout").ToString());
        var delivered = page.WaitForResponseAsync(r => r.Url.Contains("/envelope/", StringComparison.Ordinal) && r.Status == 200
            && (r.Request.PostData?.Contains("\"type\":\"event\"", StringComparison.Ordinal) ?? false));
        await page.ClickAsync("#buy");
        await delivered;
        await server.App.DigestAsync();

        var issue = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items().ShouldHaveSingleItem()!;
        var eventId = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/events")).Items().ShouldHaveSingleItem()!["eventId"].Str();
        var evt = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{eventId}"))["event"]!;
        evt["sdk"]!["name"].Str().ShouldBe("sentry.javascript.browser");
        var exception = evt["exception"]!["values"]![0]!;
        exception["type"].Str().ShouldBe("TypeError");
        var frames = exception["stacktrace"]!["frames"]!.AsArray();

        var top = frames[^1]!;
        (top["filename"].Str(), top["function"].Str(), top["lineno"].Long()).ShouldBe(("cart.js", "applyDiscount", 12L));
        top["contextLine"].Str().ShouldBe("  return totalPrice(cart) * (1 - rule.percent / 100);");
        top["inApp"]!.GetValue<bool>().ShouldBeTrue();
        // The frame as Chromium reported it, on the deployed bundle's first line under a minified name.
        var minified = top["minified"]!;
        minified["filename"].Str().ShouldBe(new Uri(site.Origin, "/assets/shop.min.js").ToString());
        minified["function"].Str().ShouldNotBe("applyDiscount");
        minified["colno"].Long().ShouldBeGreaterThan(1);
        var caller = frames[^2]!;
        (caller["filename"].Str(), caller["function"].Str(), caller["lineno"].Long()).ShouldBe(("shop.js", "checkout", 10L));
        caller["minified"].ShouldNotBeNull();
        issue["culprit"].Str().ShouldStartWith("applyDiscount(");
    }
}
