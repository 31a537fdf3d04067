using BugSage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium on a BugSage server's dashboard: one page at a laptop's size, its console
/// kept and watched for Content-Security-Policy violations, full-page screenshots under the test
/// output's <c>screenshots/</c> folder, and signing in.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        (this.playwright, this.browser, Page) = (playwright, browser, page);
        page.Console += (_, message) =>
        {
            Console.Add(message.Text);
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) PolicyViolations.Add(message.Text);
        };
    }

    public IPage Page { get; }
    public List<string> Console { get; } = [];
    public List<string> PolicyViolations { get; } = [];

    public static async Task<DashboardBrowser> OpenAsync(SdkServer server)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        var context = await browser.NewContextAsync(new() { BaseURL = server.App.ClientOptions.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1280, Height = 900 } });
        Directory.CreateDirectory(Screenshots);
        return new DashboardBrowser(playwright, browser, await context.NewPageAsync());
    }

    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Signs in as the administrator through the sign-in form and waits for the project's overview.</summary>
    public async Task SignInAsync(long projectId)
    {
        if (!Page.Url.Contains("/login", StringComparison.Ordinal)) await Page.GotoAsync("/login");
        await Page.GetByLabel("Email").FillAsync(BugSageFactory.AdminEmail);
        await Page.GetByLabel("Password").FillAsync(BugSageFactory.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync($"**/projects/{projectId}");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
