using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>The issue page's trackers panel: its forms create, link and unlink through the same operation the API uses.</summary>
public class TrackerPanelTests
{
    [Fact]
    public async Task The_issue_page_creates_links_and_unlinks_tracker_issues()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (githubId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        var (jiraId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");
        var ticket = jira.Seed("Checkout errors");
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/issues/{issueId}";

        var before = await browser.Client.GetStringAsync(page);
        before.ShouldContain("Issue trackers");
        before.ShouldContain("Create GitHub issue");
        before.ShouldContain("Create Jira issue");

        var created = await browser.PostFormAsync($"/dashboard/issues/{issueId}/external-issues", ("integrationId", githubId.ToString()), ("key", ""));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        created.Headers.Location!.OriginalString.ShouldBe(page + "#trackers");
        github.Issues.Count.ShouldBe(1);

        var empty = await browser.PostFormAsync($"/dashboard/issues/{issueId}/external-issues", ("integrationId", jiraId.ToString()), ("key", ""), ("link", "1"));
        empty.Headers.Location!.OriginalString.ShouldContain("?error=");
        var linked = await browser.PostFormAsync($"/dashboard/issues/{issueId}/external-issues", ("integrationId", jiraId.ToString()), ("key", ticket.Key), ("link", "1"));
        linked.Headers.Location!.OriginalString.ShouldBe(page + "#trackers");
        jira.Issues.Count.ShouldBe(1, "linking files nothing new");

        var after = await browser.Client.GetStringAsync(page);
        after.ShouldContain("https://github.example/acme/api/issues/1");
        after.ShouldContain($"{jira.SiteUrl}/browse/{ticket.Key}");
        after.ShouldNotContain("Create GitHub issue", Case.Sensitive, "one link per tracker");

        var links = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/external-issues")).AsArray();
        links.Count.ShouldBe(2);
        var unlinked = await browser.PostFormAsync($"/dashboard/issues/{issueId}/external-issues/{links[0]!["id"].Long()}/unlink");
        unlinked.Headers.Location!.OriginalString.ShouldBe(page + "#trackers");
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}/external-issues")).AsArray().ShouldHaveSingleItem()!["provider"].Str().ShouldBe("jira");
    }
}
