using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>The API reference at /docs in Debian's Chromium: it lists the API's operations, within its content policy, from this server alone.</summary>
[Collection(HeavyTests.Name)]
public sealed class ApiReferenceBrowserTests
{
    [ChromiumFact]
    public async Task The_reference_lists_the_api_from_this_server_alone()
    {
        await using var server = await SdkServer.StartAsync();
        await using var browser = await DashboardBrowser.OpenAsync(server);
        var page = browser.Page;
        var origin = server.App.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) elsewhere.Add(request.Url);
        };

        await page.GotoAsync("/docs");
        await page.GetByRole(AriaRole.Heading, new() { Name = "BugSage API" }).WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Accept a Sentry envelope" }).WaitForAsync();
        // Every tag after the first is collapsed to the list of its operations.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Auth" }).First.WaitForAsync();
        await page.GetByText("/api/v1/me", new() { Exact = true }).First.WaitForAsync();
        await browser.ScreenshotAsync("api-reference");

        elsewhere.ShouldBeEmpty();
        browser.PolicyViolations.ShouldBeEmpty();
    }
}
