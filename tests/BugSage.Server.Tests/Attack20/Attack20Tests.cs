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
/// An outsider's attempts on GraphQL, the hot-read caches and agent tasks. Each test asserts the secure behaviour: those
/// named Finding_ hold holes that were found and closed (they fail if one reopens), those named Safe_ attempts that held.
/// </summary>
public sealed class Attack20Tests(ITestOutputHelper output) : IDisposable
{
    private const string Guard = FixScenarios.AverageOfNothingGuard;

    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private static async Task<(BugSageFactory App, long IssueId)> IssueAsync(Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var app = await BugSageFactory.CreateAsync("sqlite", overrides, services: services);
        await app.SendErrorsAsync("checkout", 1);
        return (app, await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync()));
    }

    // ---------------------------------------------------------------- GraphQL

    /// <summary>
    /// PASSING CHECK: the complexity estimate sees a page's <c>limit</c> given as a variable as it sees a literal one.
    /// </summary>
    [Fact]
    public async Task Safe_Graph_complexity_counts_a_page_size_given_as_a_variable()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:GraphQL:MaxComplexity"] = "300" });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        var literal = await api.GraphAsync($"{{ issues(projectId: {projectId}, limit: 100) {{ nodes {{ id title culprit level }} }} }}");
        literal.Status.ShouldBe(HttpStatusCode.BadRequest, "the literal limit is refused as too complex");

        var viaVariable = await api.GraphAsync("query($p: ID!, $l: Int) { issues(projectId: $p, limit: $l) { nodes { id title culprit level } } }",
            new { p = projectId, l = 100 });
        viaVariable.Status.ShouldBe(HttpStatusCode.BadRequest, "the same page size given as a variable must cost the same: " + viaVariable.Body.ToJsonString());
    }

    /// <summary>
    /// FINDING (medium, amplification): a single request may hold hundreds of aliased root lookups; each is resolved on its
    /// own (the root fields are not batched), so one request and one unit of the graphql rate limit buy hundreds of
    /// database round trips. The complexity estimate (1 per field) does not see it.
    /// </summary>
    [Fact]
    public async Task Finding_Graph_hundreds_of_aliased_root_lookups_are_not_one_request_worth_of_work()
    {
        var counter = new DbCommandCounter();
        var (app, issueId) = await IssueAsync(services: s => s.ConfigureDbContext<AppDbContext>(b => b.AddInterceptors(counter)));
        await using var _ = app;
        var api = await app.SignedInClientAsync();
        await api.GraphAsync("{ me { email } }");

        var query = new StringBuilder("{");
        for (var i = 0; i < 600; i++) query.Append($" a{i}: issue(id: {issueId}) {{ id }}");
        query.Append(" }");
        counter.Reset();
        var answer = await api.GraphAsync(query.ToString());
        var commands = counter.Count;
        output.WriteLine($"600 aliased issue lookups: status {(int)answer.Status}, {commands} SQL commands, document {query.Length} bytes");
        // Secure: refused (a cap on root fields/aliases, or root lookups costed), or batched into a bounded number of queries.
        (answer.Status == HttpStatusCode.BadRequest || commands < 50).ShouldBeTrue($"600 aliases ran as {commands} SQL commands in one request (status {(int)answer.Status})");
    }

    /// <summary>
    /// FINDING (medium, same root cause as the aliased lookups): one mutation request may hold hundreds of aliased triage
    /// mutations; each runs in full (activity row, audit, alert rules), so one request of the graphql budget writes hundreds
    /// of activity entries and can fire hundreds of notifications.
    /// </summary>
    [Fact]
    public async Task Finding_Graph_one_request_cannot_run_hundreds_of_aliased_mutations()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var api = await app.SignedInClientAsync();
        var before = await app.WithDbAsync(db => db.IssueActivities.CountAsync(a => a.IssueId == issueId));
        var doc = new StringBuilder("mutation {");
        for (var i = 0; i < 200; i++) doc.Append(i % 2 == 0 ? $" m{i}: ignoreIssue(id: {issueId}) {{ id }}" : $" m{i}: unresolveIssue(id: {issueId}) {{ id }}");
        doc.Append(" }");
        var answer = await api.GraphAsync(doc.ToString());
        var written = await app.WithDbAsync(db => db.IssueActivities.CountAsync(a => a.IssueId == issueId)) - before;
        output.WriteLine($"200 aliased triage mutations in one request: status {(int)answer.Status}, {written} activity rows written");
        written.ShouldBeLessThanOrEqualTo(25, $"one GraphQL request wrote {written} activity rows (status {(int)answer.Status})");
    }

    /// <summary>PASSING CHECK: a nested field of the caller's own issue cannot reach another tenant; a foreign id in any argument reads as missing.</summary>
    [Fact]
    public async Task Safe_Graph_foreign_ids_in_arguments_and_mixed_batches_read_as_missing()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var (intruder, intruderOrg, intruderProject) = await app.NewTenantAsync("intruder20@example.com");
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync());

        var answer = await intruder.GraphAsync($$"""
            { a: issue(id: {{issueId}}) { id title }
              b: project(id: {{projectId}}) { id }
              c: organization(id: {{orgId}}) { id }
              d: events(issueId: {{issueId}}) { nodes { eventId } }
              e: analysis(issueId: {{issueId}}) { __typename }
              f: fixSessions(issueId: {{issueId}}) { id }
              g: fixSessions(projectId: {{projectId}}) { id }
              h: releases(projectId: {{projectId}}) { nodes { version } }
              i: issues(projectId: {{projectId}}) { nodes { id } } }
            """);
        var body = answer.Body.ToJsonString();
        output.WriteLine(body);
        body.ShouldNotContain("checkout");
        // A non-null connection that is not found nulls the whole data: every alias is refused, none answered.
        answer.Codes.Count.ShouldBe(9);
        var mine = await intruder.GraphAsync($"{{ project(id: {intruderProject}) {{ id organization {{ id }} }} }}");
        mine.Ok()["project"]!["organization"]!["id"].Id().ShouldBe(intruderOrg);
        answer.Codes.ShouldAllBe(c => c == "NOT_FOUND" || c == "FORBIDDEN");
        // A mutation on a foreign issue is answered as a missing one, and changes nothing.
        var mutation = await intruder.GraphAsync($"mutation {{ resolveIssue(id: {issueId}) {{ id }} }}");
        mutation.Codes.ShouldBe(["NOT_FOUND"]);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
        var bulk = await intruder.GraphAsync($"mutation {{ bulkUpdateIssues(projectId: {intruderProject}, ids: [{issueId}], status: \"resolved\") }}");
        output.WriteLine(bulk.Body.ToJsonString());
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
    }

    /// <summary>PASSING CHECK: fragments do not hide depth or cost, and a GET cannot smuggle a mutation by naming a query operation.</summary>
    [Fact]
    public async Task Safe_Graph_fragments_do_not_hide_depth_and_get_cannot_run_mutations()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:GraphQL:MaxDepth"] = "4", ["BugSage:GraphQL:MaxComplexity"] = "300",
        });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var viaFragments = await api.GraphAsync($$"""
            query { issues(projectId: {{projectId}}) { ...A } }
            fragment A on IssueConnection { nodes { ...B } }
            fragment B on Issue { project { ...C } }
            fragment C on Project { organization { ...D } }
            fragment D on Organization { projects { nodes { id } } }
            """);
        viaFragments.Status.ShouldBe(HttpStatusCode.BadRequest, viaFragments.Body.ToJsonString());
        var costly = await api.GraphAsync($$"""
            query { a: issues(projectId: {{projectId}}, limit: 100) { ...N } }
            fragment N on IssueConnection { nodes { id title culprit level } }
            """);
        costly.Status.ShouldBe(HttpStatusCode.BadRequest, costly.Body.ToJsonString());
        var cycle = await api.GraphAsync("query { me { ...X } } fragment X on Me { organizations { ...Y } } fragment Y on Organization { id ...Z } fragment Z on Organization { ...Y }");
        cycle.Status.ShouldBe(HttpStatusCode.BadRequest);
        var mixed = "query Q { me { email } } mutation M { unresolveIssue(id: 1) { id } }";
        var get = await api.GetAsync("/graphql?operationName=M&query=" + Uri.EscapeDataString(mixed));
        ((int)get.StatusCode).ShouldBeOneOf(400, 405);
    }

    /// <summary>PASSING CHECK: a viewer and a read-only token cannot mutate; unexpected failures carry no exception text.</summary>
    [Fact]
    public async Task Safe_Graph_viewers_and_read_tokens_cannot_mutate_and_errors_do_not_leak()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var viewer = await app.MemberOfDefaultAsync("viewer20@example.com", "viewer");
        var reader = await ApiTokens.ClientAsync(app, "project:read");
        var agent = await ApiTokens.ClientAsync(app, "tasks:write");
        foreach (var client in new[] { viewer, reader, agent })
        {
            var answer = await client.GraphAsync($"mutation {{ ignoreIssue(id: {issueId}) {{ id }} }}");
            answer.Codes.ShouldBe(["FORBIDDEN"], answer.Body.ToJsonString());
        }
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
        var api = await app.SignedInClientAsync();
        var odd = await api.GraphAsync("query($id: ID!) { issue(id: $id) { id } }", new { id = "1 OR 1=1; --" });
        odd.Body.ToJsonString().ShouldNotContain("SQLite");
        odd.Body.ToJsonString().ShouldNotContain("   at ");
        var typeConfused = await api.GraphAsync("query($l: Int) { issues(projectId: 1, limit: $l) { nodes { id } } }", new { l = "x" });
        typeConfused.Status.ShouldBe(HttpStatusCode.BadRequest);
        typeConfused.Body.ToJsonString().ShouldNotContain("   at ");
    }

    /// <summary>PASSING CHECK: malformed and type-confused bodies on the new and changed inputs answer 4xx, never 500.</summary>
    [Fact]
    public async Task Safe_Malformed_bodies_on_new_inputs_are_client_errors()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var api = await app.SignedInClientAsync();
        var deep = new string('[', 5_000) + new string(']', 5_000);
        var bodies = new[] { "{", "\"claimed\"", "[1]", "{\"status\": 5}", "{\"status\": \"claimed\", \"diff\": {\"a\": 1}}", "{\"status\": [\"claimed\"]}",
            "{\"status\": \"claimed\", \"message\": " + deep + "}", "{\"status\": \"patch_proposed\", \"diff\": \"\\u0000\\ud800\"}", "null" };
        var targets = new[]
        {
            $"/api/v1/issues/{issueId}/task/updates", "/api/0/organizations/default/releases/", "/graphql", "/api/v1/tokens",
        };
        var statuses = new List<string>();
        foreach (var target in targets)
            foreach (var body in bodies)
            {
                var response = await api.PostAsync(target, new StringContent(body, Encoding.UTF8, "application/json"));
                statuses.Add($"{target} {body[..Math.Min(body.Length, 40)]} -> {(int)response.StatusCode}");
                ((int)response.StatusCode).ShouldBeLessThan(500, $"{target} with {body[..Math.Min(body.Length, 60)]}");
            }
        var graphVariables = await api.PostAsync("/graphql", new StringContent("{\"query\": \"query($l: Int) { me { email } }\", \"variables\": {\"l\": 1e400}}", Encoding.UTF8, "application/json"));
        ((int)graphVariables.StatusCode).ShouldBeLessThan(500);
        var release = await api.PostJsonAsync("/api/0/organizations/default/releases/", new { version = "x20", projects = new object[] { new { a = new string('p', 50_000) } } });
        ((int)release.StatusCode).ShouldBe(400);
        (await release.Content.ReadAsStringAsync()).Length.ShouldBeLessThan(5_000, "the refusal does not echo the whole element");
        output.WriteLine(string.Join("\n", statuses));
    }

    // ---------------------------------------------------------------- Caches

    /// <summary>PASSING CHECK: the cached first page of assigned:me is the caller's own, and a removed member's next read is refused.</summary>
    [Fact]
    public async Task Safe_Cached_issue_pages_follow_the_caller_and_their_membership()
    {
        var (app, issueId) = await IssueAsync();
        await using var _ = app;
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == BugSageFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(db => db.Issues.ExecuteUpdateAsync(s => s.SetProperty(i => i.AssigneeId, adminId)));
        var member = await app.MemberOfDefaultAsync("member20@example.com", "member");

        var url = $"/api/v1/projects/{projectId}/issues?query=" + Uri.EscapeDataString("assigned:me");
        (await admin.GetJsonAsync(url)).Items().Count.ShouldBe(1);
        (await member.GetJsonAsync(url)).Items().Count.ShouldBe(0, "the admin's cached assigned:me page is not the member's");
        (await member.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Count.ShouldBe(1);

        await app.WithDbAsync(db => db.Memberships.Where(m => db.Users.Any(u => u.Id == m.UserId && u.Email == "member20@example.com")).ExecuteDeleteAsync());
        (await member.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "removed: the cached page is not served");
        (await member.GetAsync($"/api/v1/issues/{issueId}/task")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>PASSING CHECK: a revoked token is refused on its next request although its lookup was cached.</summary>
    [Fact]
    public async Task Safe_A_revoked_token_is_refused_at_once()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var token = await ApiTokens.CreateAsync(api, "project:read");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await client.GraphAsync("{ me { email } }")).Ok();
        var tokenId = await app.WithDbAsync(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        (await api.DeleteAsync($"/api/v1/tokens/{tokenId}")).IsSuccessStatusCode.ShouldBeTrue();
        (await client.GraphAsync("{ me { email } }")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// Found: the issue-list cache took any query text as a key of its own, so one GraphQL request of ~170 aliases, each
    /// with a distinct relative time filter, pinned ~12 MiB of pages. Now one request carries at most 20 root fields, and
    /// only each project's default list is cached: lists shaped by a query, sort or page size are read each time.
    /// </summary>
    [Fact]
    public async Task Finding_One_graph_request_cannot_pin_hundreds_of_full_issue_pages_in_the_cache()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        var api = await app.SignedInClientAsync();

        var query = new StringBuilder("{");
        for (var i = 0; i < 170; i++)
            query.Append($" a{i}: issues(projectId: {projectId}, limit: 100, query: \"lastSeen:-{i + 60}m\") {{ pageInfo {{ hasNextPage }} }}");
        query.Append(" }");
        var answer = await api.GraphAsync(query.ToString());
        answer.Status.ShouldBe(HttpStatusCode.BadRequest);
        answer.Body.ToJsonString().ShouldContain("TOO_MANY_ROOT_FIELDS");

        for (var i = 0; i < 5; i++)
            (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?limit=100&query=lastSeen:-{i + 60}m")).Items().Count.ShouldBe(1);
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?sort=count")).Items().Count.ShouldBe(1);
        var scrape = await MetricsScrape.ReadAsync(api);
        scrape.Of("bugsage_cache_requests_total").Where(s => s.Labels["cache"] == "issue_lists").Sum(s => s.Value)
            .ShouldBe(0, "lists shaped by a query, sort or page size are not kept");

        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Count.ShouldBe(1);
        (await MetricsScrape.ReadAsync(api)).Value("bugsage_cache_requests_total", ("cache", "issue_lists"), ("outcome", "miss")).ShouldBe(1);
    }

    // ---------------------------------------------------------------- Agent tasks

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
        var (app, issueId) = await IssueAsync();
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
        var (app, issueId) = await IssueAsync();
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
        var (app, issueId) = await IssueAsync();
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
        var (app, issueId) = await IssueAsync();
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
