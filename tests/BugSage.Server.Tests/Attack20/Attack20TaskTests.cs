using System.Diagnostics;
using System.Net;
using System.Text;
using BugSage.Core.Data;
using BugSage.Core.Ingestion;
using BugSage.Server.Auth;
using BugSage.Server.Tests.GraphQL;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Attack20;

/// <summary>
/// An outsider's attempts on agent tasks (the rest of this round is in <see cref="Attack20Tests"/>). Those named Finding_
/// hold holes that were found and closed (they fail if one reopens), those named Safe_ attempts that held.
/// </summary>
public sealed class Attack20TaskTests(ITestOutputHelper output) : IDisposable
{
    private const string Guard = FixScenarios.AverageOfNothingGuard;

    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    /// <summary>
    /// FINDING (medium, privilege/cost): docs/task-handoff.md says a tasks:write token "cannot ... start ... fix sessions", and
    /// starting one over REST needs issue:write. Yet every patch_proposed report from such a token queues a new fix session
    /// (a sandbox checkout, build and test run), with no bound: the token may keep posting patches while its claim holds,
    /// each one queuing another sandbox run, without any session of the task finishing first.
    /// </summary>
    [Fact]
    public async Task Finding_Tasks_token_cannot_queue_unbounded_fix_sessions()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var agent = await ApiTokens.ClientAsync(app, "tasks:write", api);
        (await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", agent = "bot" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // The same token cannot start a session directly.
        (await agent.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var created = 0;
        for (var i = 0; i < 5; i++)
        {
            var r = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "patch_proposed", agent = "bot", diff = Guard });
            if (r.StatusCode == HttpStatusCode.Created) created++;
        }
        var sessions = await app.WithDbAsync(db => db.FixSessions.CountAsync(s => s.IssueId == issueId));
        output.WriteLine($"5 patch_proposed from a tasks:write token: {created} accepted, {sessions} fix sessions queued");
        sessions.ShouldBeLessThanOrEqualTo(1, $"a tasks:write token queued {sessions} sandbox runs by itself");
    }

    [Fact]
    public async Task Agents_patches_start_no_more_validations_an_hour_than_the_autofix_policy_allows()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        await app.WithDbAsync(async db =>
        {
            var projectId = await db.Issues.Where(i => i.Id == issueId).Select(i => i.ProjectId).SingleAsync();
            var orgId = await db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync();
            db.AutofixPolicies.Add(new BugSage.Core.Analysis.StoredAutofixPolicy
            {
                OrganizationId = orgId, Policy = """{"maxAutomaticRunsPerHour": 1}""", UpdatedAt = DateTime.UtcNow, UpdatedBy = "test",
            });
            return await db.SaveChangesAsync();
        });
        var agent = await ApiTokens.ClientAsync(app, "tasks:write", api);
        var updates = $"/api/v1/issues/{issueId}/task/updates";
        (await agent.PostJsonAsync(updates, new { status = "claimed", agent = "bot" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostJsonAsync(updates, new { status = "patch_proposed", agent = "bot", diff = Guard })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The first validation has ended, so only the hourly limit stands in the way of the next.
        await app.WithDbAsync(db => db.FixSessions.ExecuteUpdateAsync(u => u.SetProperty(f => f.Status, BugSage.Core.Autofix.Sessions.FixSessionStatus.Failed)));
        var refused = await agent.PostJsonAsync(updates, new { status = "patch_proposed", agent = "bot", diff = Guard });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadJsonAsync())["detail"].Str().ShouldContain("maxAutomaticRunsPerHour");
        (await app.WithDbAsync(db => db.FixSessions.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_person_may_free_a_task_whose_agent_stopped_but_not_report_for_it()
    {
        var (app, issueId) = await Attack20Tests.IssueAsync();
        await using var _ = app;
        var person = await app.SignedInClientAsync();
        var agent = await ApiTokens.ClientAsync(app, "tasks:write", person);
        var updates = $"/api/v1/issues/{issueId}/task/updates";
        (await agent.PostJsonAsync(updates, new { status = "claimed", agent = "bot" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The same person's own token holds the claim, yet signed in they are not the agent: they may not report its work.
        (await person.PostJsonAsync(updates, new { status = "working" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await person.PostJsonAsync(updates, new { status = "gave_up", message = "the agent stopped" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostJsonAsync(updates, new { status = "working", agent = "bot" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "its claim ended");
    }

    /// <summary>
    /// FINDING (low-medium, integrity): a claim is not bound to whoever made it. docs/task-handoff.md says "two agents never hold
    /// one task at once", but any other member's tasks:write token may report working, patch_proposed (queuing a fix session
    /// under the claimant's task) or done/gave_up on a task another agent holds: the state machine checks only the last
    /// status, never who reports it.
    /// </summary>
    [Fact]
    public async Task Finding_Another_agent_cannot_report_on_or_end_a_task_someone_else_claimed()
    {
        var (app, issueId) = await Attack20Tests.IssueAsync();
        await using var _ = app;
        var holder = await ApiTokens.ClientAsync(app, "tasks:write");
        var otherMember = await app.MemberOfDefaultAsync("rival20@example.com", "member");
        var rival = await ApiTokens.ClientAsync(app, "tasks:write", otherMember);
        (await holder.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", agent = "holder-bot" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var hijack = await rival.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "done", agent = "holder-bot", message = "all fixed, nothing to see" });
        output.WriteLine($"rival's done on holder's claim: {(int)hijack.StatusCode} {await hijack.Content.ReadAsStringAsync()}");
        hijack.StatusCode.ShouldBe(HttpStatusCode.Conflict, "only the claim's holder reports on it (or ends it)");
    }

    /// <summary>PASSING CHECK: script and markup in a report are shown as text on the dashboard page; links are built from configuration, not Host.</summary>
    [Fact]
    public async Task Safe_Task_report_markup_is_encoded_and_links_ignore_the_host_header()
    {
        var (app, issueId) = await Attack20Tests.IssueAsync();
        await using var _ = app;
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");
        const string Evil = "<script>alert('x20')</script><img src=x onerror=alert(20)>";
        (await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", agent = Evil, message = Evil })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var diff = """
            diff --git a/src/users.js b/src/users.js
            --- a/src/users.js
            +++ b/src/users.js
            @@ -1,3 +1,3 @@
             function getUser(id) {
            -  return users[id].name;
            +  return "<script>alert('d20')</script>";
             }

            """;
        var proposed = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "patch_proposed", agent = Evil, diff });
        proposed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var updateId = (await proposed.ReadJsonAsync())["id"].Long();
        var browser = (await DashboardSession.SignInAsync(app)).Client;
        var page = await browser.GetStringAsync($"/issues/{issueId}/task-updates/{updateId}");
        page.ShouldNotContain("<script>alert('x20')");
        page.ShouldNotContain("<script>alert('d20')");
        page.ShouldNotContain("<img src=x");

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/issues/{issueId}/task");
        request.Headers.Host = "evil.attacker.example";
        request.Headers.Add("X-Forwarded-Host", "evil.attacker.example");
        var document = await agent.SendAsync(request);
        (await document.Content.ReadAsStringAsync()).ShouldNotContain("evil.attacker.example");
    }

    /// <summary>PASSING CHECK: another tenant's update id under one's own issue, and one's own update under another's issue, are not found.</summary>
    [Fact]
    public async Task Safe_Task_update_ids_do_not_cross_issues_or_tenants()
    {
        var (app, issueId) = await Attack20Tests.IssueAsync();
        await using var _ = app;
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");
        var r = await agent.PostJsonAsync($"/api/v1/issues/{issueId}/task/updates", new { status = "claimed", message = "secret-plan-20" });
        var updateId = (await r.ReadJsonAsync())["id"].Long();
        var (intruder, _, intruderProject) = await app.NewTenantAsync("intruder20b@example.com");
        var key = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == intruderProject).Select(k => k.PublicKey).FirstAsync());
        var eventId = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), intruderProject, key, Envelopes.Event(eventId, Envelopes.NodeError(eventId)))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        var ownIssue = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == intruderProject).Select(i => i.Id).SingleAsync());

        var crossed = await intruder.GetAsync($"/api/v1/issues/{ownIssue}/task/updates/{updateId}");
        crossed.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await crossed.Content.ReadAsStringAsync()).ShouldNotContain("secret-plan-20");
        var browser = (await DashboardSession.SignInAsync(app, "intruder20b@example.com", "tenant-password-123")).Client;
        var page = await browser.GetAsync($"/issues/{ownIssue}/task-updates/{updateId}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("secret-plan-20");
    }
}
