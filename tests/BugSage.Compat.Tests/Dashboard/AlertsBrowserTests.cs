using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Dashboard;

/// <summary>
/// Alerts end to end in Debian's Chromium: a webhook and a "new issue" rule made on the pages, an
/// error from the real @sentry/node, the signed delivery at an in-test receiver, and the delivery
/// log saying it was delivered.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class AlertsBrowserTests : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;
    private SdkServer server = null!;
    private DashboardBrowser dashboard = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        // The receiver listens on loopback, which the outbound policy refuses unless allowed.
        server = await SdkServer.StartAsync(new() { [BugSageFactory.LoopbackAllowance] = "127.0.0.0/8" });
        dashboard = await DashboardBrowser.OpenAsync(server);
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await server.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [ChromiumFact]
    public async Task A_rule_made_on_the_pages_sends_a_signed_webhook_for_an_sdk_error_and_the_log_shows_it_delivered()
    {
        var page = dashboard.Page;
        await page.GotoAsync("/login");
        await dashboard.SignInAsync(server.ProjectId);

        // The integration, from the project's navigation; its secret is shown once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        await page.GetByText("No alert rules").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations", Exact = true }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("webhook");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Receiver");
        await page.GetByLabel("URL (webhook, Slack, Teams, Discord)").FillAsync(receiver.Url("alerts"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync();
        var secret = (await page.Locator("#new-secret").TextContentAsync())!.Trim();
        secret.ShouldStartWith("whsec_");
        await Assertions.Expect(page.Locator("table.integrations")).ToContainTextAsync("127.0.0.1");
        await dashboard.ScreenshotAsync("alerts-integrations");

        // The rule: every new issue, to the receiver only.
        await page.GetByRole(AriaRole.Link, new() { Name = "Rules", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New rule" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("New issues to the receiver");
        await page.GetByLabel("Trigger").SelectOptionAsync("new_issue");
        await page.GetByLabel("every member of the organization, by email").UncheckAsync();
        await page.GetByLabel("Receiver (webhook)").CheckAsync();
        await dashboard.ScreenshotAsync("alerts-rule-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create rule" }).ClickAsync();
        await page.GetByText("Saved the rule New issues to the receiver.").WaitForAsync();
        await Assertions.Expect(page.Locator("table.alert-rules")).ToContainTextAsync("Receiver (webhook)");
        await dashboard.ScreenshotAsync("alerts-rules");

        var run = await SdkAssets.RunNodeScenarioAsync("exception", server.Dsn);
        run.ExitCode.ShouldBe(0, run.Stderr);
        await server.App.DigestAsync();
        (await server.App.DeliverAsync()).ShouldBe(1);

        var delivered = receiver.Requests.ShouldHaveSingleItem();
        delivered.Path.ShouldBe("/alerts");
        WebhookReceiver.Verify(delivered, secret).ShouldBeTrue("signed with the secret the page showed");
        var payload = JsonNode.Parse(delivered.Body)!;
        payload["type"]!.GetValue<string>().ShouldBe("issue.created");
        payload["data"]!["rule"]!["name"]!.GetValue<string>().ShouldBe("New issues to the receiver");
        payload["data"]!["issue"]!["title"]!.GetValue<string>().ShouldContain("Cannot read properties of undefined");

        // The delivery log says so, and the delivery's page shows the attempt the receiver answered.
        await page.GetByRole(AriaRole.Link, new() { Name = "Delivery log" }).ClickAsync();
        var row = page.Locator("table.deliveries tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("delivered");
        await Assertions.Expect(row).ToContainTextAsync("Receiver (webhook)");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("table.attempts tbody tr")).ToContainTextAsync("200");
        await dashboard.ScreenshotAsync("alerts-delivery");
        dashboard.PolicyViolations.ShouldBeEmpty();
    }
}
