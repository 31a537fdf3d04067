using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// The dashboard in Debian's Chromium: signing in, an error from the real @sentry/node arriving
/// live, triage, the issue page and settings. Full-page screenshots of each page are kept under
/// the test output's <c>screenshots/</c> folder; no page may break its Content-Security-Policy.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private DashboardBrowser dashboard = null!;
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        dashboard = await DashboardBrowser.OpenAsync(server);
        page = dashboard.Page;
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await server.DisposeAsync();
    }

    private List<string> policyViolations => dashboard.PolicyViolations;

    private Task ScreenshotAsync(string name) => dashboard.ScreenshotAsync(name);

    private async Task SignInAsync()
    {
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login**");
        await ScreenshotAsync("sign-in");
        await dashboard.SignInAsync(server.ProjectId);
    }

    [ChromiumFact]
    public async Task A_wrong_password_is_refused_with_one_message()
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(BugSageFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        (await page.GetByRole(AriaRole.Alert).TextContentAsync())!.ShouldContain("do not match an account");
        policyViolations.ShouldBeEmpty();
    }

    [ChromiumFact]
    public async Task An_sdk_error_arrives_live_is_triaged_and_shows_its_stack_and_breadcrumbs()
    {
        await SignInAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Default" }).WaitForAsync();
        await ScreenshotAsync("overview-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "Issues", Exact = true }).ClickAsync();
        await page.GetByText("No issues here").WaitForAsync();
        // The page has joined the live hub before the error is sent.
        await page.Locator("html[data-live=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 5000 }).ContinueWith(t => t.IsFaulted ? throw new InvalidOperationException(string.Join("\n", dashboard.Console) + " | " + page.Url) : t);

        var run = await SdkAssets.RunNodeScenarioAsync("exception", server.Dsn);
        run.ExitCode.ShouldBe(0, run.Stderr);
        await server.App.DigestAsync();

        // No reload: the hub tells the page, which offers to show the new issue.
        var banner = page.GetByRole(AriaRole.Link, new() { Name = "1 new issue · show" });
        await banner.WaitForAsync();
        await banner.ClickAsync();
        var row = page.GetByRole(AriaRole.Link, new() { Name = "TypeError: Cannot read properties of undefined (reading 'name')" });
        await row.WaitForAsync();
        await ScreenshotAsync("issues");

        // The issue page: the exception with its in-app frame and source, and the breadcrumbs.
        await row.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Breadcrumbs" }).WaitForAsync();
        (await page.Locator(".frame.in-app .fn").First.TextContentAsync()).ShouldBe("findUser");
        (await page.Locator(".source .current").First.TextContentAsync())!.ShouldContain("return users[id].name;");
        await page.Locator(".timeline").GetByText("Added 2 items to the cart").WaitForAsync();
        await ScreenshotAsync("issue-detail");
        // The same page in the dark scheme and on half a laptop screen.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScreenshotAsync("issue-detail-dark");
        await page.SetViewportSizeAsync(700, 900);
        await ScreenshotAsync("issue-detail-narrow");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(1280, 900);

        // Resolve from the issue page; the list no longer shows it as unresolved.
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Issues", Exact = true }).First.ClickAsync();
        await page.GetByText("No issues here").WaitForAsync();

        // Bulk: select it on the Resolved tab and reopen it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Resolved", Exact = true }).ClickAsync();
        await page.GetByLabel("Select all issues on this page").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unresolve" }).ClickAsync();
        await page.GetByText("No issues here").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Unresolved", Exact = true }).ClickAsync();
        await row.WaitForAsync();

        // The overview now counts it, with the chart drawn.
        await page.GotoAsync($"/projects/{server.ProjectId}");
        (await page.Locator("[data-stat=unresolved]").TextContentAsync()).ShouldBe("1");
        (await page.Locator("[data-stat=new-issues]").TextContentAsync()).ShouldBe("1");
        // One event in the last hour.
        (await page.Locator("[data-stat=events-per-minute]").TextContentAsync()).ShouldBe("0.02", "1 event / 60 minutes");
        await page.Locator("canvas[data-chart]").WaitForAsync();
        await ScreenshotAsync("overview");
        policyViolations.ShouldBeEmpty();
    }

    [ChromiumFact]
    public async Task Settings_create_a_project_and_show_its_dsn()
    {
        await SignInAsync();
        await page.GotoAsync($"/projects/{server.ProjectId}/settings");
        await page.GetByLabel("Name").FillAsync("Mobile App");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Settings · Mobile App" }).WaitForAsync();
        (await page.Locator(".dsn code").First.TextContentAsync())!.ShouldMatch(@"^http://[0-9a-f]{32}@127\.0\.0\.1:\d+/\d+$");
        await page.GetByText("Created Mobile App").WaitForAsync();
        await ScreenshotAsync("settings");

        // The autofix settings: a model added through its form is listed, its key never shown.
        await page.GetByRole(AriaRole.Link, new() { Name = "Repositories, AI models and the autofix policy" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).Nth(1).FillAsync("local");
        await page.GetByLabel("Model", new() { Exact = true }).FillAsync("llama");
        await page.GetByLabel("Endpoint").FillAsync("http://127.0.0.1:9/v1");
        await page.GetByLabel("API key").FillAsync("sk-browser-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add model" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("llama");
        (await page.ContentAsync()).ShouldNotContain("sk-browser-key");
        await ScreenshotAsync("settings-autofix");
        policyViolations.ShouldBeEmpty();
    }

    [ChromiumFact]
    public async Task The_overview_counts_and_lists_new_issues_without_a_reload()
    {
        await SignInAsync();
        (await page.Locator("[data-stat=unresolved]").TextContentAsync()).ShouldBe("0");
        await page.Locator("html[data-live=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var run = await SdkAssets.RunNodeScenarioAsync("message", server.Dsn);
        run.ExitCode.ShouldBe(0, run.Stderr);
        await server.App.DigestAsync();

        await Assertions.Expect(page.Locator("[data-live-feed]")).ToContainTextAsync("Payment provider answered slowly");
        await Assertions.Expect(page.Locator("[data-stat=unresolved]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-stat=new-issues]")).ToHaveTextAsync("1");
        policyViolations.ShouldBeEmpty();
    }
}
