using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The Analytics page as the server renders it: charts with their data, tables and CSV, drill-down links, tenants.</summary>
public class AnalyticsPageTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_analytics_page_shows_the_period_against_the_one_before_and_links_each_interval_to_its_issues(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 3, release: "shop@2.1.0");
        await app.SendErrorsAsync("oldFailure", 2, at: DateTimeOffset.UtcNow.AddDays(-10), release: "shop@2.0.0");
        var browser = await DashboardSession.SignInAsync(app);

        var page = await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=7");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        foreach (var chart in new[] { "events", "issues", "users", "ages", "releases" })
        {
            html.ShouldContain($"data-chart=\"{chart}\"");
            html.ShouldContain($"download=\"{chart}.csv\"");
        }
        // Three events in these seven days and two in the seven before: "+50%".
        html.ShouldContain("data-total=\"events\"");
        html.ShouldContain("+50% on the period before");
        html.ShouldContain("shop@2.1.0");
        // No day had 25 issues: the busiest list is proven, and says nothing of a miss.
        html.ShouldNotContain("top-recurring-unproven");
        // No SDK sent sessions: the release health table says how to get them instead of showing empty rows.
        html.ShouldContain("No sessions reported in this period");
        html.ShouldNotContain("data-table=\"release-health\"");
        // Errors per 1,000 events is a rate: read on an axis of its own, not beside counts of a few issues.
        html.ShouldContain("{\"name\":\"errors per 1,000 events\",\"color\":\"--danger\",\"values\":[1000],\"axis\":\"rate\"}");

        // The CSV travels in the link itself: a header and one row per hour of the seven days.
        var csv = Uri.UnescapeDataString(html.Split("href=\"data:text/csv;charset=utf-8,")[1].Split('"')[0]);
        csv.ShouldStartWith("interval start (UTC),events,errors\r\n");
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 7 * 24);

        // By day, each interval of the issues chart links to the issues first seen in it; today's holds checkout, not the older one.
        html = await (await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=7&interval=day")).Content.ReadAsStringAsync();
        var today = DateTime.UtcNow.Date;
        var link = $"/projects/{projectId}/issues?status=all&amp;query={Uri.EscapeDataString($"firstSeen:>={today:yyyy-MM-dd}T00:00:00Z firstSeen:<{today.AddDays(1):yyyy-MM-dd}T00:00:00Z")}";
        html.ShouldContain(link);
        var issues = await (await browser.Client.GetAsync(WebUtility.HtmlDecode(link))).Content.ReadAsStringAsync();
        issues.ShouldContain("checkout");
        issues.ShouldNotContain("oldFailure");
    }

    /// <summary>
    /// A day with more issues than its list holds leaves the busiest ten unproven: an issue below that list's 25 busiest
    /// could be missing, and the page says so above the list.
    /// </summary>
    [Fact]
    public async Task An_unproven_busiest_list_says_an_issue_could_be_missing()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        for (var n = 0; n <= BugSage.Server.Analytics.TopIssues.Depth; n++) await app.SendErrorsAsync($"failure{n}", 1);
        var browser = await DashboardSession.SignInAsync(app);
        var html = await (await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=7")).Content.ReadAsStringAsync();
        html.ShouldContain("top-recurring-unproven");
        html.ShouldContain("Not proven the busiest");
    }

    [Theory, SqliteData]
    public async Task A_range_the_series_cannot_cover_is_explained_and_another_tenant_finds_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);

        var tooLong = await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=365&interval=hour");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("An hourly series covers at most 31 days");
        var junk = await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=3&interval=%3Cscript%3E&environment={new string('e', 65)}");
        junk.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await junk.Content.ReadAsStringAsync()).ShouldContain("An environment is at most 64 characters.");

        await app.NewTenantAsync("outsider@example.com");
        var outsider = await DashboardSession.SignInAsync(app, "outsider@example.com", "tenant-password-123");
        (await outsider.Client.GetAsync($"/projects/{projectId}/analytics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
