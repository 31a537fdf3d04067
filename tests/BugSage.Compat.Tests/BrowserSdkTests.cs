using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests;

/// <summary>
/// The real @sentry/browser in Chromium, on a page of its own origin, reporting across origins
/// to BugSage (so CORS is exercised as in production). The page is served on loopback too:
/// Chromium forbids a public page from calling into a more private network.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class BrowserSdkTests : IAsyncLifetime
{
    private readonly List<ShopSite> sites = [];
    private SdkServer server = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        (playwright, browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var site in sites) await site.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
        await server.DisposeAsync();
    }

    private async Task<IPage> OpenShopPageAsync(string script)
    {
        var site = await ShopSite.StartAsync(server.Dsn, script);
        sites.Add(site);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(site.Origin, "/checkout").ToString());
        return page;
    }

    /// <summary>The browser also sends session envelopes; wait for the one carrying the event.</summary>
    private static Task<IResponse> WaitForEventDeliveryAsync(IPage page) => page.WaitForResponseAsync(r =>
        r.Url.Contains("/envelope/", StringComparison.Ordinal) && r.Status == 200
        && (r.Request.PostData?.Contains("\"type\":\"event\"", StringComparison.Ordinal) ?? false));

    private async Task<JsonNode> OnlyIssueEventAsync()
    {
        await server.App.DigestAsync();
        var api = await server.App.SignedInClientAsync();
        var issue = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items().ShouldHaveSingleItem()!;
        var eventId = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/events")).Items().ShouldHaveSingleItem()!["eventId"].Str();
        return (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{eventId}"))["event"]!;
    }

    [ChromiumFact]
    public async Task A_captured_exception_crosses_origins_with_breadcrumbs_and_user()
    {
        var page = await OpenShopPageAsync("""
            Sentry.setUser({ id: "shopper-9" });
            document.getElementById("buy").addEventListener("click", () => {
              try { JSON.parse("{not json"); } catch (e) { Sentry.captureException(e); }
            });
            """);
        var delivered = WaitForEventDeliveryAsync(page);
        await page.ClickAsync("#buy");
        var response = await delivered;
        (await response.HeaderValueAsync("access-control-allow-origin")).ShouldBe("*");

        var evt = await OnlyIssueEventAsync();
        evt["platform"].Str().ShouldBe("javascript");
        evt["sdk"]!["name"].Str().ShouldBe("sentry.javascript.browser");
        evt["exception"]!["values"]![0]!["type"].Str().ShouldBe("SyntaxError");
        evt["user"]!["id"].Str().ShouldBe("shopper-9");
        evt["release"].Str().ShouldBe("shop@2.0.0");
        evt["request"]!["url"].Str().ShouldBe(new Uri(sites[0].Origin, "/checkout").ToString());
        // The click is a breadcrumb the SDK recorded by itself.
        evt["breadcrumbs"]!.AsArray().ShouldContain(b => b!["category"]!.GetValue<string>() == "ui.click");
    }

    [ChromiumFact]
    public async Task An_unhandled_error_on_the_page_is_reported()
    {
        var page = await OpenShopPageAsync("""
            document.getElementById("buy").addEventListener("click", () => {
              setTimeout(() => { const cart = undefined; cart.items.push(1); }, 0);
            });
            """);
        var delivered = WaitForEventDeliveryAsync(page);
        await page.ClickAsync("#buy");
        await delivered;

        var evt = await OnlyIssueEventAsync();
        var exception = evt["exception"]!["values"]![0]!;
        exception["type"].Str().ShouldBe("TypeError");
        exception["mechanism"]!["handled"]!.GetValue<bool>().ShouldBeFalse();
        var frames = exception["stacktrace"]!["frames"]!.AsArray();
        frames.ShouldContain(f => f!["filename"]!.GetValue<string>().StartsWith(sites[0].Origin.ToString().TrimEnd('/'), StringComparison.Ordinal));
    }
}
