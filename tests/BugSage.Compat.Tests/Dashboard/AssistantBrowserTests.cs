using BugSage.Compat.Tests.Infrastructure;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// The assistant panel in Debian's Chromium, with no model configured (the offline assistant):
/// an answer streamed in with its tool call shown, and a change that runs only once approved.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class AssistantBrowserTests : IAsyncLifetime
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
    public async Task The_panel_streams_the_newest_issues_and_resolves_an_issue_once_approved()
    {
        await server.App.SendErrorsAsync("getUser", 1, DateTimeOffset.UtcNow.AddMinutes(-10));
        await server.App.SendErrorsAsync("loadCart", 1);
        var issues = await server.App.WithDbAsync(db => db.Issues.OrderBy(i => i.FirstSeen).Select(i => new { i.Id, i.ShortNumber }).ToListAsync());
        var (older, newer) = ($"DEFAULT-{issues[0].ShortNumber}", $"DEFAULT-{issues[1].ShortNumber}");
        var page = dashboard.Page;
        await page.GotoAsync("/login");
        await dashboard.SignInAsync(server.ProjectId);

        // On the issue list, the panel is about the project.
        await page.GotoAsync($"/projects/{server.ProjectId}/issues");
        var panel = await OpenPanelAsync();
        await AskAsync(panel, "what are the newest issues?");
        var answer = panel.Locator(".assistant-answer[data-done]");
        await answer.WaitForAsync();
        var text = (await answer.TextContentAsync())!;
        text.IndexOf(newer, StringComparison.Ordinal).ShouldBeGreaterThanOrEqualTo(0, text);
        text.IndexOf(older, StringComparison.Ordinal).ShouldBeGreaterThan(text.IndexOf(newer, StringComparison.Ordinal), text);
        var call = panel.Locator(".assistant-tool").Filter(new() { HasText = "search_issues" });
        await call.Locator("summary").ClickAsync();
        await Assertions.Expect(call.Locator("pre").First).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("[data-assistant-history] button")).ToContainTextAsync("what are the newest issues?");
        await dashboard.ScreenshotAsync("assistant-panel");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await dashboard.ScreenshotAsync("assistant-panel-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // Another page starts afresh; the past conversation opens from the history.
        await page.GotoAsync($"/projects/{server.ProjectId}/issues/{issues[1].Id}");
        panel = await OpenPanelAsync();
        await panel.GetByText("Past conversations").ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "what are the newest issues?" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".assistant-answer[data-done]")).ToContainTextAsync(newer);
        await Assertions.Expect(panel.Locator(".assistant-tool")).ToContainTextAsync("search_issues");
        await panel.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".assistant-tool")).ToHaveCountAsync(0);

        // On an issue's page, "it" is that issue; the change waits for Approve.
        await AskAsync(panel, "resolve it");
        var approve = panel.GetByRole(AriaRole.Button, new() { Name = "Approve" });
        await approve.WaitForAsync();
        (await StatusAsync(issues[1].Id)).ShouldBe(IssueStatus.Unresolved);
        await approve.ClickAsync();
        await Assertions.Expect(panel.Locator(".assistant-answer[data-done]").Last).ToContainTextAsync("Resolved");
        (await StatusAsync(issues[1].Id)).ShouldBe(IssueStatus.Resolved);
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await dashboard.ScreenshotAsync("assistant-panel-resolved");
        dashboard.PolicyViolations.ShouldBeEmpty();
    }

    private async Task<ILocator> OpenPanelAsync()
    {
        await dashboard.Page.GetByRole(AriaRole.Button, new() { Name = "Assistant", Exact = true }).ClickAsync();
        var panel = dashboard.Page.Locator("#assistant-panel");
        await panel.WaitForAsync();
        return panel;
    }

    /// <summary>Asks through the form and checks that the answer came as a stream, not whole.</summary>
    private async Task AskAsync(ILocator panel, string question)
    {
        await panel.GetByLabel("Ask the assistant").FillAsync(question);
        var streamed = dashboard.Page.WaitForResponseAsync(r => r.Url.EndsWith("/messages", StringComparison.Ordinal));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        (await (await streamed).HeaderValueAsync("content-type"))!.ShouldStartWith("text/event-stream");
    }

    private Task<string> StatusAsync(long issueId) =>
        server.App.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync());
}
