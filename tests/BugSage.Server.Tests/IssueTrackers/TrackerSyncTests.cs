using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// BugSage to tracker: resolving an issue (through the API, in bulk) closes its linked tracker
/// issues with a comment, a regression reopens them, from the outbox and its worker, retried while
/// the tracker fails and dropped when a later change asked for the other state.
/// </summary>
public class TrackerSyncTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Resolving_closes_the_GitHub_issue_with_a_comment_and_a_regression_reopens_it(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock, provider);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.ExternalIssueSyncs.SingleAsync())).Action.ShouldBe("close", "queued with the status change");
        github.Issues[1].State.ShouldBe("open", "nothing is sent before the worker runs");
        (await app.SyncAsync()).ShouldBe(1);
        github.Issues[1].State.ShouldBe("closed");
        github.Issues[1].Comments.ShouldHaveSingleItem().ShouldContain($"/issues/{issueId}");
        var closing = github.Writes.Single(r => r.Method == "PATCH");
        closing.Json!["state"].Str().ShouldBe("closed");
        closing.Json!["state_reason"].Str().ShouldBe("completed");
        var sync = await app.WithDbAsync(db => db.ExternalIssueSyncs.SingleAsync());
        (sync.Status, sync.SendCount, sync.Error).ShouldBe(("done", 1, null));

        clock.Advance(TimeSpan.FromMinutes(5));
        await app.SendErrorsAsync("chargeCard", 1, clock.GetUtcNow());
        (await app.IssueStatusAsync(issueId)).ShouldBe("unresolved", "the new event regressed it");
        (await app.SyncAsync()).ShouldBe(1);
        github.Issues[1].State.ShouldBe("open");
        github.Issues[1].Comments.Count.ShouldBe(2);
        (await app.WithDbAsync(db => db.ExternalIssues.SingleAsync())).State.ShouldBe("open");
        (await app.SyncAsync()).ShouldBe(0, "nothing more to send");
    }

    [Fact]
    public async Task Resolving_in_bulk_moves_the_Jira_issue_to_done_through_its_named_transition()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var jira = await FakeJira.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.JiraAsync(api, projectId, jira, "cloud");
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/issues?id={issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(1);
        var ticket = jira.Issues["OPS-1"];
        ticket.Status.ShouldBe("Done");
        jira.Writes.Single(r => r.Path == "/rest/api/3/issue/OPS-1/transitions").Json!["transition"]!["id"].Str().ShouldBe("31", "the id Jira listed for Done");
        ticket.Comments.ShouldHaveSingleItem()!["type"].Str().ShouldBe("doc", "a Cloud comment is a document");

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "unresolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(1);
        ticket.Status.ShouldBe("To Do", "no Reopen transition in this workflow: To Do");
    }

    [Fact]
    public async Task A_failing_tracker_is_retried_until_it_recovers()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        github.FailNext(503, times: 2);

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(1);
        var first = await app.WithDbAsync(db => db.ExternalIssueSyncs.AsNoTracking().SingleAsync());
        (first.Status, first.SendCount, first.LastStatusCode).ShouldBe(("queued", 1, 503));
        first.Error.ShouldNotBeNull().ShouldContain("503");
        (first.NextAttemptAt - clock.GetUtcNow().UtcDateTime).ShouldBeInRange(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        (await app.SyncAsync()).ShouldBe(0, "not due yet");

        clock.Advance(TimeSpan.FromSeconds(31));
        (await app.SyncAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.ExternalIssueSyncs.AsNoTracking().SingleAsync())).SendCount.ShouldBe(2);
        github.Issues[1].State.ShouldBe("open");

        clock.Advance(TimeSpan.FromMinutes(1));
        (await app.SyncAsync()).ShouldBe(1);
        var done = await app.WithDbAsync(db => db.ExternalIssueSyncs.AsNoTracking().SingleAsync());
        (done.Status, done.SendCount, done.Error).ShouldBe(("done", 3, null));
        github.Issues[1].State.ShouldBe("closed");
        github.Issues[1].Comments.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_close_still_waiting_to_be_retried_is_dropped_when_the_issue_is_reopened()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        github.FailNext(500);
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(1);
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "unresolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromMinutes(1));
        (await app.SyncAsync()).ShouldBe(2);
        var syncs = await app.WithDbAsync(db => db.ExternalIssueSyncs.OrderBy(s => s.Id).Select(s => s.Action + " " + s.Status).ToListAsync());
        syncs.ShouldBe(["close superseded", "reopen done"]);
        github.Issues[1].State.ShouldBe("open", "the tracker ends where BugSage is");
    }

    [Fact]
    public async Task With_closing_turned_off_GitHub_issues_keep_their_state()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        var (app, api, projectId, issueId) = await TrackerSetup.StartAsync(clock);
        await using var _app = app;
        var (integrationId, _) = await TrackerSetup.GitHubAsync(api, projectId, github, closeOnResolve: false);
        (await TrackerSetup.LinkAsync(api, issueId, integrationId)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SyncAsync()).ShouldBe(0);
        github.Issues[1].State.ShouldBe("open");
    }
}
