using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// A fix session in Debian's Chromium: started from the issue page, its steps marked live while it
/// runs, its diff and checks shown, then approved and applied through the page's forms. No page
/// may break its Content-Security-Policy.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class FixSessionBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TestRepository git = new();
    private SdkServer server = null!;
    private DashboardBrowser dashboard = null!;

    public async Task InitializeAsync()
    {
        // The test runs the session itself once the page listens, so that the page sees every step.
        server = await SdkServer.StartAsync(new() { ["BugSage:RunsFixSessions"] = "false" });
        dashboard = await DashboardBrowser.OpenAsync(server);
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => git.Dispose();

    [ChromiumFact]
    public async Task A_session_started_from_the_issue_runs_live_and_is_approved_and_applied()
    {
        var issueId = await FixScenarios.AverageOfNothingAsync(server.App, await server.App.SignedInClientAsync(), git);

        var page = dashboard.Page;
        await dashboard.SignInAsync(server.ProjectId);
        await page.GotoAsync($"/projects/{server.ProjectId}/issues/{issueId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fix it" }).ClickAsync();
        await page.WaitForURLAsync("**/fix-sessions/*");
        await Assertions.Expect(page.Locator("[data-step=validation] [data-step-status]")).ToHaveTextAsync("waiting");
        await page.Locator("html[data-live=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await server.App.RunFixSessionsAsync();

        // The page reloads itself when the session completes: candidates, diff and checks appear.
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("awaiting approval");
        await Assertions.Expect(page.Locator("[data-step=validation]")).ToHaveClassAsync("step step-done");
        await Assertions.Expect(page.Locator(".candidate").First).ToContainTextAsync("Return 0 when not values");
        await Assertions.Expect(page.Locator(".diff-added").First).ToContainTextAsync("if not values:");
        await dashboard.ScreenshotAsync("fix-session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve this fix" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("approved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply as a branch" }).ClickAsync();
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("applied");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("bugsage/fix-default-1");
        git.Git("show", "bugsage/fix-default-1:calc.py").ShouldContain("if not values:");

        await page.GotoAsync($"/projects/{server.ProjectId}/fix-sessions");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("applied");
        dashboard.PolicyViolations.ShouldBeEmpty();
    }
}
