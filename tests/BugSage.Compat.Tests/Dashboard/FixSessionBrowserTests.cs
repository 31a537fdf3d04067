using BugSage.Compat.Tests.Infrastructure;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// A fix session in Debian's Chromium: started from the issue page, its steps marked live while it
/// runs, its diff and checks shown, then approved and applied through the page's forms. No page
/// may break its Content-Security-Policy.
/// </summary>
public sealed class FixSessionBrowserTests : IAsyncLifetime, IDisposable
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private readonly List<string> policyViolations = [];
    private readonly TestRepository git = new();
    private SdkServer server = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        // The test runs the session itself once the page listens, so that the page sees every step.
        server = await SdkServer.StartAsync(new() { ["BugSage:RunsFixSessions"] = "false" });
        (playwright, browser) = await Chromium.LaunchAsync();
        var context = await browser.NewContextAsync(new() { BaseURL = server.App.ClientOptions.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1280, Height = 900 } });
        page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) policyViolations.Add(message.Text);
        };
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await server.DisposeAsync();
    }

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_session_started_from_the_issue_runs_live_and_is_approved_and_applied()
    {
        git.Commit("average", ("calc.py", "def average(values):\n    return sum(values) / len(values)\n"),
            ("test_calc.py", "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n"));
        var api = await server.App.SignedInClientAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{server.ProjectId}/repositories", new
        {
            name = "stats", path = git.Path, testCommand = "python3 -m unittest", pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var (_, key) = await server.App.DefaultKeyAsync();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(server.App.CreateClient(), server.ProjectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "python",
            exception = new { values = new[] { new { type = "ZeroDivisionError", value = "division by zero",
                stacktrace = new { frames = new[] { new { filename = "calc.py", abs_path = "/srv/app/calc.py", function = "average", lineno = 2, in_app = true } } } } } },
        }));
        await server.App.DigestAsync();
        var issueId = await server.App.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(BugSageFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(BugSageFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{server.ProjectId}");
        await page.GotoAsync($"/projects/{server.ProjectId}/issues/{issueId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fix it" }).ClickAsync();
        await page.WaitForURLAsync("**/fix-sessions/*");
        await Assertions.Expect(page.Locator("[data-step=validation] [data-step-status]")).ToHaveTextAsync("waiting");
        await page.Locator("html[data-live=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var worker = server.App.Services.GetRequiredService<FixSessionWorker>();
        worker.Limits = SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) };
        await worker.RunQueuedAsync(CancellationToken.None);

        // The page reloads itself when the session completes: candidates, diff and checks appear.
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("awaiting approval");
        await Assertions.Expect(page.Locator("[data-step=validation]")).ToHaveClassAsync("step step-done");
        await Assertions.Expect(page.Locator(".candidate").First).ToContainTextAsync("Return 0 when not values");
        await Assertions.Expect(page.Locator(".diff-added").First).ToContainTextAsync("if not values:");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "fix-session.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve this fix" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("approved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply as a branch" }).ClickAsync();
        await Assertions.Expect(page.Locator(".badge[data-session-status]")).ToHaveTextAsync("applied");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("bugsage/fix-default-1");
        git.Git("show", "bugsage/fix-default-1:calc.py").ShouldContain("if not values:");

        await page.GotoAsync($"/projects/{server.ProjectId}/fix-sessions");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("applied");
        policyViolations.ShouldBeEmpty();
    }
}
