using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The releases pages and an issue's suspect commits, as the server renders them.</summary>
public class ReleasePagesTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Releases_are_listed_and_a_release_shows_its_deploys_commits_and_issues(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 2, release: "app@1.0.0");
        var admin = await app.SignedInClientAsync();
        var cli = await ApiTokens.ClientAsync(app, user: admin);
        const string Release = "/api/0/organizations/default/releases/app@1.0.0/";
        (await cli.PutAsJsonAsync(Release, new
        {
            dateReleased = "2026-12-02T11:00:00Z",
            commits = new[]
            {
                new
                {
                    id = "c0ffee1234567890", repository = "acme/shop", author_name = "<b>Mallory</b>", author_email = "m@example.com", timestamp = "2026-12-01T09:30:00Z",
                    message = "<script>alert(1)</script> Check users before reading them\n\nLonger body", patch_set = new[] { new { path = "src/users.js", type = "M" } },
                },
            },
        }, JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        (await cli.PostJsonAsync(Release + "deploys/", new { environment = "production", name = "blue" })).EnsureSuccessStatusCode();
        var browser = await DashboardSession.SignInAsync(app);

        var list = await (await browser.Client.GetAsync($"/projects/{projectId}/releases")).Content.ReadAsStringAsync();
        list.ShouldContain($"href=\"/projects/{projectId}/releases/app%401.0.0\"");
        list.ShouldContain("production");

        var page = await browser.Client.GetAsync($"/projects/{projectId}/releases/app%401.0.0");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("blue");
        html.ShouldContain("c0ffee123456");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; Check users before reading them");
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldNotContain("Longer body");
        html.ShouldContain("&lt;b&gt;Mallory&lt;/b&gt;");
        html.ShouldContain("checkout");
        html.ShouldContain("Map stored events again");

        var reprocess = await browser.PostFormAsync($"/dashboard/projects/{projectId}/releases/app%401.0.0/reprocess");
        reprocess.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Both stored events were looked at again (no map is uploaded: they now say why their frames are not mapped).
        reprocess.Headers.Location!.OriginalString.ShouldStartWith($"/projects/{projectId}/releases/app%401.0.0?reprocessed=");
        reprocess.Headers.Location!.OriginalString.ShouldEndWith("&examined=2");
        await app.MemberOfDefaultAsync("viewer@example.com", BugSage.Core.Accounts.Roles.Viewer);
        var viewer = await DashboardSession.SignInAsync(app, "viewer@example.com", "member-password-123");
        (await (await viewer.Client.GetAsync($"/projects/{projectId}/releases/app%401.0.0")).Content.ReadAsStringAsync()).ShouldNotContain("Map stored events again");
        (await viewer.PostFormAsync($"/dashboard/projects/{projectId}/releases/app%401.0.0/reprocess")).Headers.Location!.OriginalString.ShouldContain("error=");

        var issueId = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Issues.Select(i => i.Id)));
        var issue = await (await browser.Client.GetAsync($"/projects/{projectId}/issues/{issueId}")).Content.ReadAsStringAsync();
        issue.ShouldContain("Suspect commits");
        issue.ShouldContain("src/users.js");

        (await browser.Client.GetAsync($"/projects/{projectId}/releases/app%409.9.9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (_, _, otherProject) = await app.NewTenantAsync("outsider@example.com");
        (await browser.Client.GetAsync($"/projects/{otherProject}/releases")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_release_whose_name_holds_a_quote_links_to_its_own_issues_only()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("quotedRelease", 1, release: "2.0\" rc");
        await app.SendErrorsAsync("plainRelease", 1, release: "2.0");
        var browser = await DashboardSession.SignInAsync(app);

        var page = await (await browser.Client.GetAsync($"/projects/{projectId}/releases/{Uri.EscapeDataString("2.0\" rc")}")).Content.ReadAsStringAsync();
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/projects/[^\"]+/issues\\?query=[^\"]+)\">issues in this release").Groups[1].Value;
        link.ShouldNotBeEmpty();
        var issues = await (await browser.Client.GetAsync(System.Net.WebUtility.HtmlDecode(link))).Content.ReadAsStringAsync();
        issues.ShouldContain("quotedRelease");
        issues.ShouldNotContain("plainRelease");
    }
}
