using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>
/// Coding agents report on an issue's task with a token that may do nothing else: the reports follow the
/// task's states, land in the issue's activity, and go out to the project's task_updated rules.
/// </summary>
public class AgentTaskUpdateTests
{
    private const string Diff = """
        diff --git a/src/users.js b/src/users.js
        --- a/src/users.js
        +++ b/src/users.js
        @@ -1,3 +1,3 @@
         function getUser(id) {
        -  return users[id].name;
        +  return users[id]?.name;
         }

        """;

    private static async Task<(BugSageFactory App, long IssueId)> IssueAsync(string provider = "sqlite")
    {
        var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("checkout", 1);
        return (app, await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync()));
    }

    private static async Task<JsonNode> ReportAsync(HttpClient agent, long issueId, object report, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", report);
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(expected, body.ToJsonString());
        return body;
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_scripted_agent_claims_works_proposes_a_patch_and_finishes_and_the_activity_shows_it(string provider)
    {
        var (app, issueId) = await IssueAsync(provider);
        await using var _ = app;
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");

        var task = await agent.GetJsonAsync($"/api/v1/issues/{issueId}/task");
        var updatesUrl = new Uri(task["links"]!["updates"].Str()).AbsolutePath;
        await ReportAsync(agent, issueId, new { status = "claimed", agent = "fixer-bot", message = "on it" });
        await ReportAsync(agent, issueId, new { status = "working", agent = "fixer-bot", message = "reproduced with a failing test" });
        var proposed = await ReportAsync(agent, issueId, new { status = "patch_proposed", agent = "fixer-bot", diff = Diff, externalUrl = "https://ci.example.com/runs/7" });
        // No repository is linked: the patch is kept, and the answer says it could not be validated and why.
        proposed["fixSessionId"].ShouldBeNull();
        proposed["validation"]!["status"].Str().ShouldBe("not_possible");
        proposed["validation"]!["reason"].Str().ShouldContain("links no repository");
        await ReportAsync(agent, issueId, new { status = "done", agent = "fixer-bot", message = "patch proposed; the acceptance test passes" });

        var listed = (await agent.GetJsonAsync(updatesUrl)).Items();
        listed.Select(u => u!["status"].Str()).ShouldBe(["claimed", "working", "patch_proposed", "done"]);
        listed.ShouldAllBe(u => u!["agent"].Str() == "fixer-bot");
        listed[2]!["hasDiff"]!.GetValue<bool>().ShouldBeTrue();
        listed[2]!["diff"].ShouldBeNull("the list says where the diff is; one report carries it");
        listed[0]!["validation"].ShouldBeNull("only a proposed patch is validated");
        listed[2]!["validation"]!["status"].Str().ShouldBe("not_possible");
        var withDiff = await agent.GetJsonAsync(proposed["diffUrl"].Str());
        withDiff["diff"].Str().ShouldBe(Diff);
        withDiff["externalUrl"].Str().ShouldBe("https://ci.example.com/runs/7");
        (await agent.GetJsonAsync($"/api/v1/issues/{issueId}/task"))["state"]!["status"].Str().ShouldBe("done");

        var person = await app.SignedInClientAsync();
        var activity = (await person.GetJsonAsync($"/api/v1/issues/{issueId}/comments")).Items().Where(a => a!["kind"].Str() == "task_update").ToList();
        activity.Count.ShouldBe(4);
        var patch = JsonNode.Parse(activity[2]!["data"].Str())!;
        patch["status"].Str().ShouldBe("patch_proposed");
        patch["agent"].Str().ShouldBe("fixer-bot");
        patch["diff"].Str().ShouldBe(proposed["diffUrl"].Str());
        var browser = (await DashboardSession.SignInAsync(app)).Client;
        var projectId = await app.WithDbAsync(db => db.Issues.Select(i => i.ProjectId).SingleAsync());
        var page = await browser.GetStringAsync($"/projects/{projectId}/issues/{issueId}");
        page.ShouldContain("task update");
        page.ShouldContain("fixer-bot");
        var patchPage = $"/issues/{issueId}/task-updates/{proposed["id"].Long()}";
        page.ShouldContain(patchPage);
        var shown = await browser.GetStringAsync(patchPage);
        shown.ShouldContain("Proposed patch");
        shown.ShouldContain("src/users.js");
        shown.ShouldContain("https://ci.example.com/runs/7");
    }

    [Fact]
    public async Task Reports_that_do_not_follow_the_task_state_are_refused_with_a_conflict()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");

        var early = await ReportAsync(agent, issueId, new { status = "working" }, HttpStatusCode.Conflict);
        early["detail"].Str().ShouldContain("claim the task first");
        await ReportAsync(agent, issueId, new { status = "claimed", agent = "one" });
        (await ReportAsync(agent, issueId, new { status = "claimed", agent = "two" }, HttpStatusCode.Conflict))["detail"].Str().ShouldContain("already claimed");
        await ReportAsync(agent, issueId, new { status = "gave_up", message = "cannot reproduce" });
        (await ReportAsync(agent, issueId, new { status = "done" }, HttpStatusCode.Conflict))["detail"].Str().ShouldContain("claim it again");
        await ReportAsync(agent, issueId, new { status = "claimed", agent = "two" });

        (await ReportAsync(agent, issueId, new { status = "finished" }, HttpStatusCode.BadRequest))["errors"]!["status"].ShouldNotBeNull();
        (await ReportAsync(agent, issueId, new { status = "patch_proposed" }, HttpStatusCode.BadRequest))["errors"]!["diff"].ShouldNotBeNull();
        (await ReportAsync(agent, issueId, new { status = "working", diff = Diff }, HttpStatusCode.BadRequest))["errors"]!["diff"].ShouldNotBeNull();
        (await ReportAsync(agent, issueId, new { status = "working", externalUrl = "javascript:alert(1)" }, HttpStatusCode.BadRequest))["errors"]!["externalUrl"].ShouldNotBeNull();
        await app.WithDbAsync(async db => (await db.AgentTaskUpdates.CountAsync()).ShouldBe(3, "claimed, gave up, claimed again"));
    }

    [Fact]
    public async Task Of_agents_claiming_a_free_task_at_once_exactly_one_holds_it()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        // One orchestrator's token, six agents racing for the same task.
        var orchestrator = await ApiTokens.ClientAsync(app, "tasks:write");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            orchestrator.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", agent = $"agent-{i}" })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Where(a => a.StatusCode != HttpStatusCode.Created).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Conflict);
        await app.WithDbAsync(async db =>
        {
            (await db.AgentTaskUpdates.CountAsync()).ShouldBe(1);
            (await db.IssueActivities.CountAsync(a => a.Kind == "task_update")).ShouldBe(1, "a refused claim leaves nothing in the activity");
        });
    }

    [Fact]
    public async Task A_patch_validation_would_refuse_or_one_too_large_is_not_kept()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");
        await ReportAsync(agent, issueId, new { status = "claimed" });

        var editsTests = Diff.Replace("src/users.js", "test/users.test.js");
        (await ReportAsync(agent, issueId, new { status = "patch_proposed", diff = editsTests }, HttpStatusCode.UnprocessableEntity))["errors"]!["diff"]![0].Str()
            .ShouldContain("edits the tests");
        // Past the limit in characters the request's own validation refuses it; within it in characters but past it in UTF-8 bytes, the operation does.
        var longer = Diff + new string('+', BugSage.Core.AgentTasks.AgentTaskLimits.MaxDiffBytes);
        var tooLong = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "patch_proposed", diff = longer });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k.Contains("diff", StringComparison.OrdinalIgnoreCase));
        var heavier = Diff + "+" + new string('é', BugSage.Core.AgentTasks.AgentTaskLimits.MaxDiffBytes / 2 + 1) + "\n";
        var tooLarge = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "patch_proposed", diff = heavier });
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        tooLarge.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        await app.WithDbAsync(async db => (await db.AgentTaskUpdates.CountAsync()).ShouldBe(1));
    }

    [Fact]
    public async Task A_token_without_the_tasks_scope_may_read_the_task_but_not_report_and_the_tasks_token_may_not_triage()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var reader = await ApiTokens.ClientAsync(app, "project:read");
        var triager = await ApiTokens.ClientAsync(app, "issue:write");
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");

        (await reader.GetAsync($"/api/v1/issues/{issueId}/task")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await triager.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.PostJsonAsync($"/api/v1/issues/{issueId}/comments", new { text = "hi" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        (await viewer.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        await ReportAsync(member, issueId, new { status = "claimed", agent = "a person" });
    }

    [Fact]
    public async Task Another_organizations_issue_is_not_found_for_its_task_or_its_reports()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        var intrudersAgent = await ApiTokens.ClientAsync(app, "tasks:write", intruder);

        (await intrudersAgent.GetAsync($"/api/v1/issues/{issueId}/task")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intrudersAgent.GetAsync($"/api/v1/issues/{issueId}/task/updates")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intrudersAgent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await app.WithDbAsync(async db => (await db.AgentTaskUpdates.CountAsync()).ShouldBe(0));
    }

    [Fact]
    public async Task A_report_goes_to_the_task_updated_rule_as_a_signed_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "task_updated");
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");

        await ReportAsync(agent, issueId, new { status = "claimed", agent = "fixer-bot", message = "on it" });
        await app.WithDbAsync(async db => (await db.AlertDeliveries.CountAsync()).ShouldBe(1, "queued with the report"));
        (await app.DeliverAsync()).ShouldBe(1);

        var request = receiver.Requests.Single();
        request.Headers.Keys.Select(k => k.ToLowerInvariant()).ShouldContain("webhook-signature");
        var payload = JsonNode.Parse(request.Body)!;
        payload["type"].Str().ShouldBe("task.updated");
        var work = payload["data"]!["work"]!;
        work["kind"].Str().ShouldBe("task_update");
        work["taskUpdate"]!["status"].Str().ShouldBe("claimed");
        work["taskUpdate"]!["agent"].Str().ShouldBe("fixer-bot");
        work["taskUpdate"]!["message"].Str().ShouldBe("on it");
        payload["data"]!["issue"]!["id"].Long().ShouldBe(issueId);
    }
}
