using System.Net;
using System.Net.Http.Json;
using BugSage.Server.Tests.Assistant;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The assistant panel's server side: its container on every page, and its cookie routes.</summary>
public class AssistantPanelTests
{
    [Fact]
    public async Task Dashboard_pages_render_the_panel_with_the_project_and_issue_they_show()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, issueId, _) = await AssistantApp.TwoIssuesAsync(app);
        var browser = await DashboardSession.SignInAsync(app);

        var issuePage = await browser.Client.GetStringAsync($"/projects/{projectId}/issues/{issueId}");
        issuePage.ShouldContain($"""data-assistant data-context-project="{projectId}" data-context-issue="{issueId}" """.TrimEnd());
        issuePage.ShouldContain("data-assistant-toggle");
        issuePage.ShouldContain("""aria-live="polite" aria-label="Conversation" data-assistant-log""");

        var issuesPage = await browser.Client.GetStringAsync($"/projects/{projectId}/issues");
        issuesPage.ShouldContain($"""data-assistant data-context-project="{projectId}">""");
        issuesPage.ShouldNotContain("data-context-issue");
    }

    [Fact]
    public async Task The_panels_routes_take_the_dashboard_cookie_only_with_the_pages_antiforgery_token()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _, _) = await AssistantApp.TwoIssuesAsync(app);
        var browser = await DashboardSession.SignInAsync(app);
        var token = DashboardSession.FormToken(await browser.Client.GetStringAsync($"/projects/{projectId}/issues"));
        const string conversations = "/dashboard/assistant/conversations";

        // Without the token the cookie alone changes nothing: a cross-site page cannot ask in the person's name.
        (await browser.Client.PostAsJsonAsync(conversations, new { projectId })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var created = await Send(HttpMethod.Post, conversations, new { projectId });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync())["id"].Long();
        var answer = await Send(HttpMethod.Post, $"{conversations}/{id}/messages", new { content = "what are the newest issues?", projectId });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        (await answer.Content.ReadAsStringAsync()).ShouldContain("search_issues");

        // Reading needs no token; the list is the person's own.
        var list = await browser.Client.GetAsync(conversations);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.ReadJsonAsync())["items"]![0]!["title"].Str().ShouldBe("what are the newest issues?");

        Task<HttpResponseMessage> Send(HttpMethod method, string url, object body)
        {
            var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("RequestVerificationToken", token);
            return browser.Client.SendAsync(request);
        }
    }
}
