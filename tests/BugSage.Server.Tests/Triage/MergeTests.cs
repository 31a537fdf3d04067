using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Triage;

/// <summary>Merging issues, and deleting them with or without discarding their future events.</summary>
public class MergeTests
{
    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());

    [Theory, SqliteData, PostgresData]
    public async Task Merged_issues_combine_their_events_users_and_tags_and_future_events_follow(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("loadUser", 3, userPrefix: "a");
        await app.SendErrorsAsync("loadUserAsync", 2, userPrefix: "a");
        var big = await IssueIdAsync(app, "loadUser");
        var small = await IssueIdAsync(app, "loadUserAsync");
        var asyncHash = await app.WithDbAsync(db => db.IssueHashes.Where(h => h.IssueId == small).Select(h => h.Hash).SingleAsync());

        var merged = await (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { small, big } })).ReadJsonAsync();
        merged["targetId"].Long().ShouldBe(big);
        (await api.GetAsync($"/api/v1/issues/{small}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var issue = await api.GetJsonAsync($"/api/v1/issues/{big}");
        issue["count"].Long().ShouldBe(5);
        issue["userCount"].Long().ShouldBe(3);
        (await api.GetJsonAsync($"/api/v1/issues/{big}/events?limit=100")).Items().Count.ShouldBe(5);
        (await api.GetJsonAsync($"/api/v1/issues/{big}/grouping")).AsArray().Count.ShouldBe(2);
        var level = await app.WithDbAsync(db => db.IssueTags.SingleAsync(t => t.IssueId == big && t.Key == "level"));
        level.Count.ShouldBe(5);

        await app.SendErrorsAsync("loadUserAsync", 1, userPrefix: "b");
        (await api.GetJsonAsync($"/api/v1/issues/{big}"))["count"].Long().ShouldBe(6);
        (await app.WithDbAsync(db => db.Issues.CountAsync())).ShouldBe(1);
        (await api.GetJsonAsync($"/api/v1/issues/{big}/comments")).Items().Select(a => a!["kind"].Str()).ShouldContain("merged");

        // Split the smaller issue's fingerprint back out: its three events go with it, and so do future ones.
        var split = (await (await api.PostJsonAsync($"/api/v1/issues/{big}/unmerge", new { hashes = new[] { asyncHash } })).ReadJsonAsync())["issueId"].Long();
        var back = await api.GetJsonAsync($"/api/v1/issues/{split}");
        back["count"].Long().ShouldBe(3);
        back["userCount"].Long().ShouldBe(3);
        back["culprit"].Str().ShouldStartWith("loadUserAsync(");
        back["shortId"].Str().ShouldBe("DEFAULT-3");
        var rest = await api.GetJsonAsync($"/api/v1/issues/{big}");
        rest["count"].Long().ShouldBe(3);
        rest["userCount"].Long().ShouldBe(3);
        (await app.WithDbAsync(db => db.IssueTags.SingleAsync(t => t.IssueId == big && t.Key == "level"))).Count.ShouldBe(3);
        await app.SendErrorsAsync("loadUserAsync", 1, userPrefix: "c");
        (await api.GetJsonAsync($"/api/v1/issues/{split}"))["count"].Long().ShouldBe(4);
        (await api.PostJsonAsync($"/api/v1/issues/{big}/unmerge", new { hashes = new[] { "not-its-hash" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var lastHash = await app.WithDbAsync(db => db.IssueHashes.Where(h => h.IssueId == big).Select(h => h.Hash).SingleAsync());
        (await api.PostJsonAsync($"/api/v1/issues/{big}/unmerge", new { hashes = new[] { lastHash } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Merging_needs_two_issues_of_one_project()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("one", 1, userPrefix: "u");
        var one = await IssueIdAsync(app, "one");
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { one, one } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { one, 424242 } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleting_with_discard_drops_future_events_and_plain_delete_lets_them_return(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("spam", 2, userPrefix: "u");
        await app.SendErrorsAsync("transient", 1, userPrefix: "u");
        (await api.DeleteAsync($"/api/v1/issues/{await IssueIdAsync(app, "spam")}?discard=true")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/v1/issues/{await IssueIdAsync(app, "transient")}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(0);

        await app.SendErrorsAsync("spam", 3, userPrefix: "v");
        await app.SendErrorsAsync("transient", 1, userPrefix: "v");
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Culprit).ToListAsync())).ShouldHaveSingleItem()!.ShouldStartWith("transient(");
        (await app.WithDbAsync(db => db.ItemOutcomes.SingleAsync(o => o.Reason == "discarded_issue"))).Quantity.ShouldBe(3);
        var audit = (await api.GetJsonAsync("/api/v1/organizations/1/audit?limit=100")).Items().Select(a => a!["action"].Str()).ToList();
        audit.ShouldContain("issue.discarded");
        audit.ShouldContain("issue.deleted");
    }
}
