using System.Net;
using BugSage.Core.Autofix.Sessions;
using BugSage.Server.Tests.Autofix;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// Rules that wait for work on an issue: an analysis finished, a validated fix awaiting approval,
/// a fix's pull request merged. Each firing is written with the change it tells about.
/// </summary>
public sealed class WorkTriggerTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private static Task RuleAsync(HttpClient api, long projectId, long integrationId, string trigger, object? conditions = null) =>
        AlertSetup.RuleAsync(api, projectId, new { name = trigger, trigger, conditions, issueIntervalMinutes = 0, actions = new[] { new { target = "integration", integrationId } } });

    [Theory, SqliteData, PostgresData]
    public async Task A_finished_analysis_is_told_with_its_reading_and_only_to_its_rule(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await RuleAsync(api, projectId, integrationId, "analysis_finished");
        await RuleAsync(api, projectId, integrationId, "pull_request_merged");
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await app.DeliverAsync()).ShouldBe(0, "no rule waits for new issues");

        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await app.RunAnalysesAsync()).ShouldBe(1);
        (await app.DeliverAsync()).ShouldBe(1);
        var payload = AlertSetup.Payloads(receiver).Single();
        payload["type"].Str().ShouldBe("analysis.finished");
        var data = payload["data"]!;
        data["reason"].Str().ShouldStartWith("analysis finished (null-reference): ");
        data["reason"].Str().ShouldEndWith(": DEFAULT-1 (error)");
        data["work"]!["kind"].Str().ShouldBe("analysis");
        data["work"]!["url"].Str().ShouldEndWith($"/issues/{issueId}");
        data["issue"]!["shortId"].Str().ShouldBe("DEFAULT-1");
        data["event"]!["frames"]![0].Str().ShouldContain("checkout");
    }

    [Fact]
    public async Task A_condition_that_does_not_hold_for_the_issue_keeps_a_work_rule_quiet()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await RuleAsync(api, projectId, integrationId, "analysis_finished", new { environments = new[] { "staging" } });
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await app.RunAnalysesAsync()).ShouldBe(1);
        (await app.DeliverAsync()).ShouldBe(0, "the issue's latest event is from production");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_validated_fix_awaiting_approval_is_told_with_a_link_to_its_session(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await RuleAsync(api, projectId, integrationId, "fix_awaiting_approval");
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["status"].Str().ShouldBe("awaiting_approval");

        (await app.DeliverAsync()).ShouldBe(1);
        var payload = AlertSetup.Payloads(receiver).Single();
        payload["type"].Str().ShouldBe("fix.awaiting_approval");
        payload["data"]!["reason"].Str().ShouldBe("a validated fix awaits approval: DEFAULT-1 (error)");
        payload["data"]!["work"]!["id"].Long().ShouldBe(sessionId);
        payload["data"]!["work"]!["url"].Str().ShouldEndWith($"/fix-sessions/{sessionId}");
    }

    [Fact]
    public async Task A_merged_pull_request_is_told_once_however_often_github_delivers_it()
    {
        const string secret = "hook-secret";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await RuleAsync(api, projectId, integrationId, "pull_request_merged");
        await app.SendErrorsAsync("checkout", 1);
        var repositoryId = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories",
            new { name = "shop", path = git.Path, webhookSecret = secret, gitHubRepository = "acme/shop" })).ReadJsonAsync())["id"].Long();
        var sessionId = await app.WithDbAsync(async db =>
        {
            var issue = await db.Issues.SingleAsync();
            var session = new FixSession
            {
                IssueId = issue.Id, ProjectId = projectId, OrganizationId = await db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync(),
                RequestedBy = BugSageFactory.AdminEmail, RepositoryId = repositoryId, Status = FixSessionStatus.Applied, Pushed = true,
                PullRequestNumber = 7, PullRequestUrl = "https://github.com/acme/shop/pull/7", CreatedAt = DateTime.UtcNow,
            };
            db.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });
        const string merged = """{"action":"closed","number":7,"pull_request":{"number":7,"merged":true},"repository":{"id":1,"full_name":"acme/shop"}}""";
        var hook = $"/api/v1/integrations/github/repositories/{repositoryId}/webhook";
        (await FixSessionTests.Deliver(app, hook, "pull_request", merged, secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FixSessionTests.Deliver(app, hook, "pull_request", merged, secret)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.DeliverAsync()).ShouldBe(1);
        var data = AlertSetup.Payloads(receiver).Single()["data"]!;
        data["trigger"].Str().ShouldBe("pull_request_merged");
        data["reason"].Str().ShouldBe("pull request #7 merged: DEFAULT-1 (error)");
        data["work"]!["pullRequestUrl"].Str().ShouldBe("https://github.com/acme/shop/pull/7");
        data["work"]!["id"].Long().ShouldBe(sessionId);
    }
}
