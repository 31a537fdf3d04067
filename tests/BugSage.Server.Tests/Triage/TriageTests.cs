using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Triage;

/// <summary>The issue lifecycle through the API: resolve, regress by release, ignore and wake, assign, bulk.</summary>
public class TriageTests
{
    private sealed class Scenario(BugSageFactory app, HttpClient api, HttpClient sdk, long projectId, string key) : IAsyncDisposable
    {
        public BugSageFactory App => app;
        public HttpClient Api => api;

        /// <summary>Signs in again, after the test moved the clock past the access token's life.</summary>
        public async Task RenewSessionAsync() => api = await app.SignedInClientAsync();

        public static async Task<Scenario> StartAsync(string provider, ManualClock? clock = null)
        {
            var app = await BugSageFactory.CreateAsync(provider, clock: clock);
            var (projectId, key) = await app.DefaultKeyAsync();
            return new Scenario(app, await app.SignedInClientAsync(), app.CreateClient(), projectId, key);
        }

        /// <summary>Sends events of one throw site, digests them, and returns that issue.</summary>
        public async Task<JsonNode> SendAsync(string function, int count = 1, string? release = "app@1.0.0", string? user = "u1", DateTimeOffset? at = null)
        {
            for (var i = 0; i < count; i++)
            {
                var id = Envelopes.NewEventId();
                var ts = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds() / 1000.0;
                var response = await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, release: release, userId: user == null ? null : user + i, timestamp: ts)));
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            await app.DigestAsync();
            var issueId = await app.WithDbAsync(db => db.Issues.Where(x => x.Culprit!.StartsWith(function + "(")).Select(x => x.Id).SingleAsync());
            return await api.GetJsonAsync($"/api/v1/issues/{issueId}");
        }

        public Task<HttpResponseMessage> PatchAsync(string url, object body) =>
            api.PatchAsync(url, new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));

        public async Task<JsonNode> ChangeAsync(JsonNode issue, object body)
        {
            var response = await PatchAsync($"/api/v1/issues/{issue["id"]}", body);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await response.ReadJsonAsync();
        }

        public async Task<List<string>> ActivityAsync(JsonNode issue) =>
            (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/comments")).Items().Select(a => a!["kind"].Str()).ToList();

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Resolved_in_a_release_regresses_only_on_that_release_or_later(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var issue = await s.SendAsync("checkout", release: "app@1.1.0");
        var resolved = await s.ChangeAsync(issue, new { status = "resolved", resolveIn = new { release = "app@1.2.0" } });
        resolved["status"].Str().ShouldBe("resolved");
        resolved["resolvedInRelease"].Str().ShouldBe("app@1.2.0");

        // Old deployments still run the bug: counted, not reopened.
        var stillResolved = await s.SendAsync("checkout", release: "app@1.1.0");
        stillResolved["status"].Str().ShouldBe("resolved");
        stillResolved["count"].Long().ShouldBe(2);

        var regressed = await s.SendAsync("checkout", release: "app@1.2.0");
        regressed["status"].Str().ShouldBe("unresolved");
        regressed["substatus"].Str().ShouldBe("regressed");
        var activity = (await s.Api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/comments")).Items();
        activity.Select(a => a!["kind"].Str()).ShouldBe(["status_changed", "regressed"]);
        activity[0]!["actor"].Str().ShouldBe(BugSageFactory.AdminEmail);
        activity[1]!["actor"].Str().ShouldBe("system");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Resolved_in_the_next_release_regresses_only_once_a_new_release_appears(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var issue = await s.SendAsync("payment", release: "app@2.0.0", at: DateTimeOffset.UtcNow.AddMinutes(-5));
        await s.ChangeAsync(issue, new { status = "resolved", resolveIn = new { nextRelease = true } });
        (await s.SendAsync("payment", release: "app@2.0.0"))["status"].Str().ShouldBe("resolved");
        var regressed = await s.SendAsync("payment", release: "app@2.0.1");
        regressed["status"].Str().ShouldBe("unresolved");
        regressed["substatus"].Str().ShouldBe("regressed");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Ignored_until_more_events_wakes_up_and_forever_stays_ignored(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var noisy = await s.SendAsync("noisy");
        var ignored = await s.ChangeAsync(noisy, new { status = "ignored", ignore = new { count = 3 } });
        ignored["substatus"].Str().ShouldBe("archived_until_condition_met");
        (await s.SendAsync("noisy", count: 2))["status"].Str().ShouldBe("ignored");
        var woke = await s.SendAsync("noisy");
        woke["status"].Str().ShouldBe("unresolved");
        woke["substatus"].Str().ShouldBe("ongoing");
        (await s.ActivityAsync(noisy)).ShouldBe(["status_changed", "unignored"]);

        var quiet = await s.SendAsync("quiet");
        (await s.ChangeAsync(quiet, new { status = "ignored", substatus = "archived_until_escalating" }))["substatus"].Str().ShouldBe("archived_until_escalating");
        (await s.PatchAsync($"/api/v1/issues/{quiet["id"]}", new { status = "ignored", substatus = "regressed" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.ChangeAsync(quiet, new { status = "ignored" }))["substatus"].Str().ShouldBe("archived_forever");
        (await s.SendAsync("quiet", count: 5))["status"].Str().ShouldBe("ignored");
    }

    [Fact]
    public async Task Ignored_for_a_while_wakes_on_the_first_event_after_the_time()
    {
        var clock = new ManualClock();
        await using var s = await Scenario.StartAsync("sqlite", clock);
        var issue = await s.SendAsync("flaky");
        await s.ChangeAsync(issue, new { status = "ignored", ignore = new { minutes = 60 } });
        (await s.SendAsync("flaky"))["status"].Str().ShouldBe("ignored");
        clock.Advance(TimeSpan.FromMinutes(61));
        await s.RenewSessionAsync();
        (await s.SendAsync("flaky"))["status"].Str().ShouldBe("unresolved");
    }

    [Theory, SqliteData, PostgresData]
    public async Task New_issues_become_ongoing_after_their_first_week(string provider)
    {
        var clock = new ManualClock();
        await using var s = await Scenario.StartAsync(provider, clock);
        (await s.SendAsync("young"))["substatus"].Str().ShouldBe("new");
        var aging = s.App.Services.GetRequiredService<BugSage.Core.Issues.IssueAging>();
        (await aging.AgeAsync(CancellationToken.None)).ShouldBe(0);
        clock.Advance(TimeSpan.FromDays(8));
        await s.RenewSessionAsync();
        (await aging.AgeAsync(CancellationToken.None)).ShouldBe(1);
        (await s.Api.GetJsonAsync("/api/v1/projects/1/issues")).Items().ShouldHaveSingleItem()!["substatus"].Str().ShouldBe("ongoing");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Issues_are_assigned_to_members_and_found_by_assignee(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var issue = await s.SendAsync("assignme");
        await s.SendAsync("other");
        var me = (await s.Api.GetJsonAsync("/api/v1/me"))["id"].Long();
        (await s.ChangeAsync(issue, new { assigneeId = me }))["assignee"].Long().ShouldBe(me);
        (await s.Api.GetJsonAsync("/api/v1/projects/1/issues?query=assigned:me")).Items().ShouldHaveSingleItem()!["id"].Long().ShouldBe(issue["id"].Long());
        (await s.Api.GetJsonAsync($"/api/v1/projects/1/issues?query=assigned:{BugSageFactory.AdminEmail}")).Items().Count.ShouldBe(1);
        (await s.PatchAsync($"/api/v1/issues/{issue["id"]}", new { assigneeId = 999 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unassigned = await s.ChangeAsync(issue, new Dictionary<string, object?> { ["assigneeId"] = null });
        unassigned["assignee"].ShouldBeNull();
        (await s.ActivityAsync(issue)).ShouldBe(["assigned", "assigned"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bulk_updates_by_ids_and_by_query(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var a = await s.SendAsync("alpha");
        var b = await s.SendAsync("beta");
        await s.SendAsync("gamma");
        var byIds = await s.PatchAsync($"/api/v1/projects/1/issues?id={a["id"]}&id={b["id"]}", new { status = "resolved" });
        (await byIds.ReadJsonAsync())["updated"]!.GetValue<int>().ShouldBe(2);
        (await s.Api.GetJsonAsync("/api/v1/projects/1/issues?query=is:resolved")).Items().Count.ShouldBe(2);

        var byQuery = await s.PatchAsync("/api/v1/projects/1/issues?query=is:resolved", new { status = "ignored" });
        (await byQuery.ReadJsonAsync())["updated"]!.GetValue<int>().ShouldBe(2);
        var ignoredList = (await s.Api.GetJsonAsync("/api/v1/projects/1/issues?query=is:ignored")).Items();
        ignoredList.Count.ShouldBe(2, ignoredList.ToJsonString());
        (await s.Api.GetJsonAsync("/api/v1/projects/1/issues?query=is:unresolved")).Items().Count.ShouldBe(1);

        (await s.PatchAsync("/api/v1/projects/1/issues", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.PatchAsync($"/api/v1/issues/{a["id"]}", new { status = "fixed" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.PatchAsync($"/api/v1/issues/{a["id"]}", new { status = "unresolved", resolveIn = new { nextRelease = true } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.PatchAsync($"/api/v1/issues/{a["id"]}", new { status = "ignored", ignore = new { minutes = -5 } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.PatchAsync($"/api/v1/issues/{a["id"]}", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_triage()
    {
        await using var s = await Scenario.StartAsync("sqlite");
        var issue = await s.SendAsync("readonly");
        var (viewer, _, _) = await s.App.NewTenantAsync("viewer@example.com");
        await s.Api.PostJsonAsync("/api/v1/organizations/1/members", new { email = "viewer@example.com", role = "viewer" });
        (await viewer.GetAsync($"/api/v1/issues/{issue["id"]}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PatchAsync($"/api/v1/issues/{issue["id"]}", new StringContent("{\"status\":\"resolved\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostJsonAsync($"/api/v1/issues/{issue["id"]}/comments", new { text = "hi" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.DeleteAsync($"/api/v1/issues/{issue["id"]}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Comments_join_the_activity_with_their_author(string provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        var issue = await s.SendAsync("discussed");
        var created = await s.Api.PostJsonAsync($"/api/v1/issues/{issue["id"]}/comments", new { text = "Looks like the cache <script>alert(1)</script>" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var comment = (await s.Api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/comments")).Items().ShouldHaveSingleItem()!;
        comment["kind"].Str().ShouldBe("comment");
        comment["data"].Str().ShouldBe("Looks like the cache <script>alert(1)</script>");
        comment["actor"].Str().ShouldBe(BugSageFactory.AdminEmail);
        (await s.Api.PostJsonAsync($"/api/v1/issues/{issue["id"]}/comments", new { text = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
