using System.Globalization;
using Microsoft.Playwright;

// Usage: DashboardLoad <server URL> <email> <password> <project id> [runs=30]
// Signs in through the form, then opens issue-list pages again and again in Chromium and prints,
// per page, p50/p95 of: the HTML received (responseEnd), the page interactive (domInteractive),
// its scripts run (domContentLoadedEventEnd), and the live hub connected.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: DashboardLoad <server URL> <email> <password> <project id> [runs=30]");
    return 2;
}
var (baseUrl, email, password, projectId) = (args[0].TrimEnd('/'), args[1], args[2], args[3]);
var runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 30;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
var page = await context.NewPageAsync();
await page.GotoAsync("/login");
await page.GetByLabel("Email").FillAsync(email);
await page.GetByLabel("Password").FillAsync(password);
await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
await page.WaitForURLAsync("**/projects/**");

var pages = new (string Name, string Path)[]
{
    ("issues, unresolved by last seen", $"/projects/{projectId}/issues"),
    ("issues, by events", $"/projects/{projectId}/issues?sort=count"),
    ("issues, search and filter", $"/projects/{projectId}/issues?query=is:unresolved%20level:error%20payment"),
    ("overview", $"/projects/{projectId}"),
};
Console.WriteLine("| page | rows | HTML p50/p95 ms | interactive p50/p95 ms | scripts done p50/p95 ms | live p50/p95 ms |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, path) in pages)
{
    var html = new List<double>();
    var interactive = new List<double>();
    var ready = new List<double>();
    var live = new List<double>();
    var rows = 0;
    for (var n = 0; n < runs + 3; n++)
    {
        var started = DateTime.UtcNow;
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("html[data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var liveMs = (DateTime.UtcNow - started).TotalMilliseconds;
        var timing = await page.EvaluateAsync<double[]>(
            "() => { const t = performance.getEntriesByType('navigation')[0]; return [t.responseEnd, t.domInteractive, t.domContentLoadedEventEnd]; }");
        rows = await page.Locator(".issue-row").CountAsync();
        if (n < 3) continue; // warm-up
        html.Add(timing[0]);
        interactive.Add(timing[1]);
        ready.Add(timing[2]);
        live.Add(liveMs);
    }
    Console.WriteLine($"| {name} | {rows} | {P(html, 50)} / {P(html, 95)} | {P(interactive, 50)} / {P(interactive, 95)} | {P(ready, 50)} / {P(ready, 95)} | {P(live, 50)} / {P(live, 95)} |");
}
return 0;

static string P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)].ToString("F0", CultureInfo.InvariantCulture);
}
