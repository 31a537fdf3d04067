using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// The Analytics page in Debian's Chromium: its charts are drawn on their canvases, a click on the
/// issues chart's bar opens the issues first seen in that interval, and each chart's CSV downloads
/// with the numbers the chart shows. No page may break its Content-Security-Policy.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class AnalyticsBrowserTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private DashboardBrowser dashboard = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        dashboard = await DashboardBrowser.OpenAsync(server);
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await server.DisposeAsync();
    }

    [ChromiumFact]
    public async Task Charts_are_drawn_a_bar_opens_its_issues_and_the_csv_holds_the_numbers()
    {
        await server.App.SendErrorsAsync("checkout", 3);
        await server.App.SendErrorsAsync("oldFailure", 2, at: DateTimeOffset.UtcNow.AddDays(-3));
        var page = dashboard.Page;
        await dashboard.SignInAsync(server.ProjectId);

        await page.GetByRole(AriaRole.Link, new() { Name = "Analytics", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{server.ProjectId}/analytics**");
        await page.GotoAsync($"/projects/{server.ProjectId}/analytics?days=7&interval=day");

        // Chart.js sizes each canvas to its box and paints it: a canvas it never drew keeps 300×150 and no ink.
        var issues = page.Locator("canvas[data-chart=issues]");
        await issues.WaitForAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => c.width !== 300 || c.height !== 150)");
        var inked = await issues.EvaluateAsync<int>("c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
        inked.ShouldBeGreaterThan(100);
        await dashboard.ScreenshotAsync("analytics");

        // The CSV of the issues chart: a header and one row per day, today's holding the one new issue.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[data-csv=issues]").ClickAsync());
        download.SuggestedFilename.ShouldBe("issues.csv");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("interval start (UTC),new,regressed,resolved");
        rows.Length.ShouldBeGreaterThanOrEqualTo(1 + 7);
        rows[^1].ShouldBe(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ",1,0,0");

        // Today is the last bar, at the right edge of the plot: a click there drills down to today's new issues.
        var box = (await issues.BoundingBoxAsync())!;
        await issues.ClickAsync(new() { Position = new() { X = box.Width - 12, Y = box.Height / 2 } });
        await page.WaitForURLAsync("**/issues?**");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("checkout");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("oldFailure");
        dashboard.PolicyViolations.ShouldBeEmpty();
    }
}
