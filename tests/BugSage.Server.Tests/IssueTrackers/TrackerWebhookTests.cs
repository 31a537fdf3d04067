using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// Tracker to BugSage: GitHub's issues webhook and Jira's issue_updated webhook, signed with the
/// integration's secret, resolve and reopen the linked issue as the integration; bad signatures,
/// unknown integrations and malformed bodies are refused; replays and echoes change nothing.
/// </summary>
public class TrackerWebhookTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_GitHub_close_resolves_the_issue_a_reopen_unresolves_it_and_nothing_echoes_back(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock, provider);
        await using var _app = app;
        var (integrationId, secret) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var anonymous = app.CreateClient();

        var closed = await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "delivery-1", "closed", 1);
        closed.StatusCode.ShouldBe(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        (await app.IssueStatusAsync(issueId)).ShouldBe("resolved");
        var change = await app.WithDbAsync(db => db.IssueActivities.Where(a => a.IssueId == issueId && a.Kind == "status_changed").SingleAsync());
        change.Actor.ShouldStartWith("GitHub (acme/api issues #1 closed");
        change.ActorUserId.ShouldBeNull();
        (await app.SyncAsync()).ShouldBe(0, "the close came from GitHub: nothing is sent back");
        github.Writes.Count().ShouldBe(1, "only the create");

        // The same delivery again (GitHub redelivers) after a person reopened the issue: no change.
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "unresolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replay = await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "delivery-1", "closed", 1);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.ReadJsonAsync())["duplicate"].Str().ShouldBe("delivery-1");
        (await app.IssueStatusAsync(issueId)).ShouldBe("unresolved");

        // The person's reopen was queued to GitHub; a reopen from GitHub is then nothing new.
        (await app.SyncAsync()).ShouldBe(1);
        github.Issues[1].State.ShouldBe("open");
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "delivery-2", "closed", 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.IssueStatusAsync(issueId)).ShouldBe("resolved");
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "delivery-3", "reopened", 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.IssueStatusAsync(issueId)).ShouldBe("unresolved");
        (await app.SyncAsync()).ShouldBe(0, "GitHub already has both changes");
        (await app.WithDbAsync(db => db.TrackerWebhookDeliveries.CountAsync())).ShouldBe(3);
    }

    /// <summary>
    /// A merge takes the linked issue's row first; the close waits for it behind the merge, which moves the link to its
    /// target and removes the issue. The close then belongs to the target (it once set the link's state and changed no
    /// issue, leaving a closed tracker issue on an unresolved one).
    /// </summary>
    [Theory, PostgresData]
    public async Task A_close_that_waits_behind_a_merge_resolves_the_issue_the_link_moved_to(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, target) = await TrackerSetup.StartAsync(clock, provider);
        await using var _app = app;
        // The merge keeps the issue with the most events (two here) and takes this one's away.
        await app.SendErrorsAsync("refundCard", 1, clock.GetUtcNow());
        var source = await app.WithDbAsync(db => db.Issues.Where(i => i.Id != target).Select(i => i.Id).SingleAsync());
        var (integrationId, secret) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, source, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);

        Task<HttpResponseMessage> merge, close;
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM issues WHERE id = {source} FOR SHARE"))
        {
            merge = api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { target, source } });
            await hold.WaitersAsync(1, "the merge never reached the held issue");
            close = TrackerSetup.GitHubHookAsync(app.CreateClient(), integrationId, secret, "delivery-1", "closed", 1);
            await hold.WaitersAsync(2, "the close did not wait for the issue's row");
            await hold.ReleaseAsync();
        }
        (await merge).StatusCode.ShouldBe(HttpStatusCode.OK);
        var closed = await close;
        closed.StatusCode.ShouldBe(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());

        (await app.WithDbAsync(db => db.Issues.AnyAsync(i => i.Id == source))).ShouldBeFalse();
        var link = await app.WithDbAsync(db => db.ExternalIssues.SingleAsync());
        link.IssueId.ShouldBe(target);
        link.State.ShouldBe("closed");
        (await app.IssueStatusAsync(target)).ShouldBe("resolved", "the close lands on the issue the link now belongs to");
        (await closed.ReadJsonAsync())["issueId"].Long().ShouldBe(target);
    }

    [Fact]
    public async Task GitHub_deliveries_that_are_unsigned_badly_signed_unknown_or_malformed_are_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, secret) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var anonymous = app.CreateClient();

        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, null, "d1", "closed", 1)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, "not-the-secret-at-all", "d2", "closed", 1)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId + 1000, secret, "d3", "closed", 1)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "d4", "closed", 1, body: "{\"action\": \"closed\", ")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "d5", "closed", 1, body: "{\"action\": \"closed\"}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A genuine delivery for another repository sharing the secret is not about this link.
        (await TrackerSetup.GitHubHookAsync(anonymous, integrationId, secret, "d6", "closed", 1, repository: "acme/other")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Jira route does not take a GitHub integration.
        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, secret, "d7", "OPS-1", "done")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.IssueStatusAsync(issueId)).ShouldBe("unresolved", "none of these changed the issue");
    }

    [Fact]
    public async Task A_Jira_issue_entering_done_resolves_and_leaving_done_unresolves()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, secret) = await TrackerSetup.JiraAsync(api, projectId, jira, "datacenter");
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var anonymous = app.CreateClient();

        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, null, "j1", "OPS-1", "done")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, "wrong-secret-wrong-secret", "j1", "OPS-1", "done")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, secret, "j1", "OPS-1", "done", body: "not json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var done = await TrackerSetup.JiraHookAsync(anonymous, integrationId, secret, "j2", "OPS-1", "done");
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        (await app.IssueStatusAsync(issueId)).ShouldBe("resolved");
        (await app.SyncAsync()).ShouldBe(0, "no echo to Jira");
        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, secret, "j2", "OPS-1", "done")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TrackerSetup.JiraHookAsync(anonymous, integrationId, secret, "j3", "OPS-1", "indeterminate")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.IssueStatusAsync(issueId)).ShouldBe("unresolved");
        (await app.SyncAsync()).ShouldBe(0);
        jira.Writes.Count().ShouldBe(1, "only the create");
        var actors = await app.WithDbAsync(db => db.IssueActivities.Where(a => a.IssueId == issueId && a.Kind == "status_changed").Select(a => a.Actor).ToListAsync());
        actors.ShouldAllBe(a => a.StartsWith("Jira (Jira datacenter OPS-1"));
        actors.Count.ShouldBe(2);
    }
}
