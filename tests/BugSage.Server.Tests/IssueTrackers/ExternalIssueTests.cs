using System.Net;
using System.Text;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// Creating and linking tracker issues from a BugSage issue, against in-test GitHub and Jira
/// servers that record what BugSage sent: the content, the credentials, the API version, and
/// that a second create answers the link there is instead of filing a duplicate.
/// </summary>
public class ExternalIssueTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Creating_a_GitHub_issue_files_it_once_with_the_issue_facts_and_a_link_back(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock, provider);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);

        var created = await TrackerSetup.LinkAsync(api, issueId, integrationId);
        var link = await created.ReadJsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, link.ToJsonString());
        (link["provider"].Str(), link["key"].Str(), link["state"].Str()).ShouldBe(("github", "1", "open"));
        link["url"].Str().ShouldBe("https://github.example/acme/api/issues/1");

        var request = github.Writes.ShouldHaveSingleItem();
        (request.Method, request.Path).ShouldBe(("POST", "/api/v3/repos/acme/api/issues"));
        request.Headers["authorization"].ShouldContain(TrackerSetup.GitHubToken);
        var issue = github.Issues[1];
        var shortId = await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.ShortNumber).SingleAsync());
        issue.Body.ShouldNotBeNull();
        issue.Body.ShouldContain($"DEFAULT-{shortId}");
        issue.Body.ShouldContain("chargeCard", Case.Sensitive, "the latest event's frames");
        issue.Body.ShouldContain("**Events:** `2`");
        issue.Body.ShouldContain($"/issues/{issueId})", Case.Sensitive, "a link back to BugSage");

        var again = await TrackerSetup.LinkAsync(api, issueId, integrationId);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync())["id"].Long().ShouldBe(link["id"].Long());
        github.Writes.Count().ShouldBe(1, "no second remote issue");
        github.Issues.Count.ShouldBe(1);

        var listed = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/external-issues")).AsArray();
        listed.ShouldHaveSingleItem()!["key"].Str().ShouldBe("1");
        var activity = await app.WithDbAsync(db => db.IssueActivities.Where(a => a.IssueId == issueId).Select(a => a.Kind).ToListAsync());
        activity.ShouldContain("external_issue_created");
    }

    [Fact]
    public async Task Jira_Cloud_issues_are_created_through_REST_v3_with_a_document_description_and_basic_auth()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");

        var created = await TrackerSetup.LinkAsync(api, issueId, integrationId);
        var link = await created.ReadJsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, link.ToJsonString());
        link["key"].Str().ShouldBe("OPS-1");
        link["url"].Str().ShouldBe($"{jira.SiteUrl}/browse/OPS-1");

        var request = jira.Writes.ShouldHaveSingleItem();
        (request.Method, request.Path).ShouldBe(("POST", "/rest/api/3/issue"));
        request.Headers["authorization"].ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"bot@acme.example:{TrackerSetup.JiraToken}")));
        var fields = request.Json!["fields"]!;
        (fields["project"]!["key"].Str(), fields["issuetype"]!["name"].Str(), fields["priority"]!["name"].Str()).ShouldBe(("OPS", "Bug", "High"), "an error is High by default");
        var description = fields["description"]!;
        (description["type"].Str(), description["version"]!.GetValue<int>()).ShouldBe(("doc", 1));
        description.ToJsonString().ShouldContain("chargeCard");
        description.ToJsonString().ShouldContain("codeBlock");
        description.ToJsonString().ShouldContain($"/issues/{issueId}");
    }

    [Fact]
    public async Task Jira_Data_Center_issues_use_REST_v2_wiki_text_a_bearer_token_and_the_overridden_priority()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "datacenter");
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}", new { priorities = new { error = "Critical" }, issueType = "Defect" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var request = jira.Writes.ShouldHaveSingleItem();
        request.Path.ShouldBe("/rest/api/2/issue");
        request.Headers["authorization"].ShouldBe("Bearer " + TrackerSetup.JiraToken);
        var fields = request.Json!["fields"]!;
        (fields["issuetype"]!["name"].Str(), fields["priority"]!["name"].Str()).ShouldBe(("Defect", "Critical"));
        var wiki = fields["description"].Str();
        wiki.ShouldContain("{noformat}");
        wiki.ShouldContain("chargeCard");
        wiki.ShouldContain($"/issues/{issueId}]");
    }

    [Fact]
    public async Task Linking_an_existing_issue_reads_its_state_from_the_tracker_and_an_unknown_one_is_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (githubId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        var (jiraId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");
        var existing = github.Seed("Card charges fail", state: "closed");
        var ticket = jira.Seed("Checkout errors", status: "In Progress");

        var missing = await TrackerSetup.LinkAsync(api, issueId, githubId, "404");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await missing.Content.ReadAsStringAsync());

        var linked = await TrackerSetup.LinkAsync(api, issueId, githubId, $"#{existing.Number}");
        var link = await linked.ReadJsonAsync();
        linked.StatusCode.ShouldBe(HttpStatusCode.Created, link.ToJsonString());
        (link["key"].Str(), link["title"].Str(), link["state"].Str()).ShouldBe((existing.Number.ToString(), "Card charges fail", "closed"));
        var other = await TrackerSetup.LinkAsync(api, issueId, githubId, "2");
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict, "one link per tracker integration");

        var jiraLink = await (await TrackerSetup.LinkAsync(api, issueId, jiraId, ticket.Key)).ReadJsonAsync();
        (jiraLink["key"].Str(), jiraLink["state"].Str()).ShouldBe((ticket.Key, "open"));
        github.Writes.ShouldBeEmpty("linking only reads");
        jira.Writes.ShouldBeEmpty();

        var unlinked = await api.DeleteAsync($"/api/v1/issues/{issueId}/external-issues/{link["id"].Long()}");
        unlinked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}/external-issues")).AsArray().ShouldHaveSingleItem()!["provider"].Str().ShouldBe("jira");
    }

    [Fact]
    public async Task Tracker_credentials_are_sealed_and_never_answered_back()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, _) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (githubId, githubSecret) = await TrackerSetup.GitHubAsync(api, projectId, github);
        var (jiraId, jiraSecret) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");
        githubSecret.Length.ShouldBe(64, "a generated secret, shown once");

        var answers = new[]
        {
            await api.GetStringAsync($"/api/v1/projects/{projectId}/integrations"),
            await api.GetStringAsync($"/api/v1/projects/{projectId}/integrations/{githubId}"),
            await api.GetStringAsync($"/api/v1/projects/{projectId}/integrations/{jiraId}"),
            await (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/integrations/{githubId}", new { name = "renamed" })).Content.ReadAsStringAsync(),
        };
        foreach (var answer in answers)
        {
            answer.ShouldNotContain(TrackerSetup.GitHubToken);
            answer.ShouldNotContain(TrackerSetup.JiraToken);
            answer.ShouldNotContain(githubSecret);
            answer.ShouldNotContain(jiraSecret);
        }
        answers[1].ShouldContain("\"hasToken\":true");
        answers[1].ShouldContain("\"repository\":\"acme/api\"");
        var stored = await app.WithDbAsync(db => db.AlertIntegrations.Select(i => i.TokenProtected + " " + i.SecretProtected + " " + i.TrackerSettings).ToListAsync());
        string.Join("\n", stored).ShouldNotContain(TrackerSetup.GitHubToken, Case.Sensitive, "sealed at rest");
        string.Join("\n", stored).ShouldNotContain(githubSecret);

        // A tracker is not an alert target.
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules",
            new { name = "to a tracker", trigger = "new_issue", actions = new[] { new { target = "integration", integrationId = githubId } } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "github", name = "no token", repository = "acme/api" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "jira", name = "no project", baseUrl = jira.SiteUrl, token = "t", email = "a@b.example" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_organizations_user_gets_404_on_the_tracker_routes()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        var linkId = (await (await TrackerSetup.LinkAsync(api, issueId, integrationId)).ReadJsonAsync())["id"].Long();
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");

        (await intruder.GetAsync($"/api/v1/issues/{issueId}/external-issues")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TrackerSetup.LinkAsync(intruder, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TrackerSetup.LinkAsync(intruder, issueId, integrationId, "1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.DeleteAsync($"/api/v1/issues/{issueId}/external-issues/{linkId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.ExternalIssues.CountAsync())).ShouldBe(1);
        github.Writes.Count().ShouldBe(1, "only the owner's create reached GitHub");
    }

    [Fact]
    public async Task Merging_issues_keeps_the_tracker_link_of_a_merged_issue()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        await app.SendErrorsAsync("refundCard", 1, clock.GetUtcNow());
        var smaller = await app.WithDbAsync(db => db.Issues.Where(i => i.Id != issueId).Select(i => i.Id).SingleAsync());
        (await TrackerSetup.LinkAsync(api, smaller, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var merged = await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { issueId, smaller } });
        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        var link = await app.WithDbAsync(db => db.ExternalIssues.SingleAsync());
        link.IssueId.ShouldBe(issueId, "the issue with more events is the one kept");

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(1);
        github.Issues[1].State.ShouldBe("closed");
    }

    [Fact]
    public async Task A_Jira_project_without_priorities_gets_its_issue_without_one()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var jira = await FakeJira.StartAsync();
        jira.RefusesPriority = true;
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");

        var created = await TrackerSetup.LinkAsync(api, issueId, integrationId);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        jira.Writes.Count().ShouldBe(2, "refused with a priority, then filed without");
        jira.Issues.ShouldHaveSingleItem().Value.Fields.ContainsKey("priority").ShouldBeFalse();
    }
}
