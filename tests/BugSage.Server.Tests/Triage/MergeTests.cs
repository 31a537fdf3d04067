using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Triage;

/// <summary>Merging issues, and deleting them with or without discarding their future events.</summary>
public class MergeTests
{
    private static async Task SendAsync(BugSageFactory app, string function, int count, string userPrefix)
    {
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        for (var i = 0; i < count; i++)
        {
            var id = Envelopes.NewEventId();
            await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, userId: userPrefix + i)));
        }
        await app.DigestAsync();
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());

    [Theory, SqliteData, PostgresData]
    public async Task Merged_issues_combine_their_events_users_and_tags_and_future_events_follow(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        await SendAsync(app, "loadUser", 3, "a");
        await SendAsync(app, "loadUserAsync", 2, "a");
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

        await SendAsync(app, "loadUserAsync", 1, "b");
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
        await SendAsync(app, "loadUserAsync", 1, "c");
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
        await SendAsync(app, "one", 1, "u");
        var one = await IssueIdAsync(app, "one");
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { one, one } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { one, 424242 } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleting_with_discard_drops_future_events_and_plain_delete_lets_them_return(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        await SendAsync(app, "spam", 2, "u");
        await SendAsync(app, "transient", 1, "u");
        (await api.DeleteAsync($"/api/v1/issues/{await IssueIdAsync(app, "spam")}?discard=true")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/v1/issues/{await IssueIdAsync(app, "transient")}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(0);

        await SendAsync(app, "spam", 3, "v");
        await SendAsync(app, "transient", 1, "v");
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Culprit).ToListAsync())).ShouldHaveSingleItem()!.ShouldStartWith("transient(");
        (await app.WithDbAsync(db => db.ItemOutcomes.SingleAsync(o => o.Reason == "discarded_issue"))).Quantity.ShouldBe(3);
        var audit = (await api.GetJsonAsync("/api/v1/organizations/1/audit?limit=100")).Items().Select(a => a!["action"].Str()).ToList();
        audit.ShouldContain("issue.discarded");
        audit.ShouldContain("issue.deleted");
    }
}
