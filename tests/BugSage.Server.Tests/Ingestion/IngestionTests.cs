using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>From an SDK's envelope to an issue seen through the API, on both storage providers.</summary>
public class IngestionTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Sdk_error_becomes_an_issue_with_a_scrubbed_normalized_event(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var eventId = Envelopes.NewEventId();

        var response = await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(eventId, Envelopes.NodeError(eventId)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["id"].Str().ShouldBe(eventId);
        (await app.DigestAsync()).ShouldBe(1);

        var api = await app.SignedInClientAsync();
        var issue = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().ShouldHaveSingleItem()!;
        issue["title"].Str().ShouldBe("TypeError: Cannot read properties of undefined (reading 'name')");
        issue["culprit"].Str().ShouldBe("getUser(/srv/app/src/users.js)");
        issue["shortId"].Str().ShouldBe("DEFAULT-1");
        issue["status"].Str().ShouldBe("unresolved");
        issue["count"].Long().ShouldBe(1);
        issue["userCount"].Long().ShouldBe(1);
        issue["platform"].Str().ShouldBe("node");

        var detail = await api.GetJsonAsync($"/api/v1/projects/{projectId}/events/{eventId}");
        detail["issueId"].Long().ShouldBe(issue["id"].Long());
        var evt = detail["event"]!;
        evt["release"].Str().ShouldBe("app@1.0.0");
        evt["environment"].Str().ShouldBe("production");
        evt["user"]!["id"].Str().ShouldBe("42");
        evt["breadcrumbs"]![0]!["message"].Str().ShouldBe("GET /users/7");
        var frame = evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]![2]!;
        frame["function"].Str().ShouldBe("getUser");
        frame["inApp"]!.GetValue<bool>().ShouldBeTrue();
        frame["contextLine"].Str().ShouldBe("  return users[id].name;");
        frame["vars"]!["secret"].Str().ShouldBe("[Filtered]");
        // Secrets never reach storage.
        evt["extra"]!["password"].Str().ShouldBe("[Filtered]");
        evt["extra"]!["card"].Str().ShouldBe("[Filtered]");
        evt["extra"]!["note"].Str().ShouldBe("ok");
        evt["request"]!["url"].Str().ShouldBe("https://api.example.com/users/7?token=[Filtered]");
        evt["request"]!["headers"]!.AsArray().First(h => h!["key"].Str() == "Authorization")!["value"].Str().ShouldBe("[Filtered]");

        var events = await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/events");
        events.Items().ShouldHaveSingleItem()!["eventId"].Str().ShouldBe(eventId);
        var grouping = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/grouping")).AsArray().ShouldHaveSingleItem()!;
        grouping["variant"].Str().ShouldBe("stacktrace");
        grouping["components"]!.AsArray().Select(c => c.Str()).ShouldContain("frame:/srv/app/src/users.js|getUser|return users[id].name;");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Events_from_one_throw_site_aggregate_into_one_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        for (var i = 0; i < 6; i++)
        {
            var id = Envelopes.NewEventId();
            var payload = Envelopes.NodeError(id, line: 40 + i, userId: (i % 3).ToString(), release: i < 3 ? "app@1.0.0" : "app@1.1.0", timestamp: start + i);
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, payload))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var otherId = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(otherId, Envelopes.NodeError(otherId, function: "getOrder")));
        await app.DigestAsync();

        var api = await app.SignedInClientAsync();
        var issues = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?sort=count")).Items();
        issues.Count.ShouldBe(2);
        var top = issues[0]!;
        top["count"].Long().ShouldBe(6);
        top["userCount"].Long().ShouldBe(3);
        top["firstRelease"].Str().ShouldBe("app@1.0.0");
        top["lastRelease"].Str().ShouldBe("app@1.1.0");
        top["firstSeen"]!.GetValue<DateTime>().ShouldBe(DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime);

        var tags = await app.WithDbAsync(db => db.IssueTags.Where(t => t.IssueId == top["id"]!.GetValue<long>() && t.Key == "release").OrderBy(t => t.Value).ToListAsync());
        tags.Select(t => (t.Value, t.Count)).ShouldBe([("app@1.0.0", 3L), ("app@1.1.0", 3L)]);
        (await app.WithDbAsync(db => db.Releases.CountAsync(r => r.ProjectId == projectId))).ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_resolved_issue_regresses_when_a_newer_event_arrives(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var first = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(first, Envelopes.NodeError(first, timestamp: DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds())));
        await app.DigestAsync();
        await app.WithDbAsync(db => db.Issues.ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, IssueStatus.Resolved)
            .SetProperty(i => i.ResolvedAt, DateTime.UtcNow.AddHours(-1))));

        // An event that happened before the resolution does not reopen it.
        var late = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(late, Envelopes.NodeError(late, timestamp: DateTimeOffset.UtcNow.AddMinutes(-90).ToUnixTimeSeconds())));
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Issues.SingleAsync())).Status.ShouldBe(IssueStatus.Resolved);

        var again = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(again, Envelopes.NodeError(again)));
        await app.DigestAsync();
        var issue = await app.WithDbAsync(db => db.Issues.SingleAsync());
        issue.Status.ShouldBe(IssueStatus.Unresolved);
        issue.Substatus.ShouldBe(IssueSubstatus.Regressed);
        issue.Count.ShouldBe(3);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Many_small_batches_number_new_issues_in_order_without_gaps(string provider)
    {
        // Batches of two: the worker prepares each batch while the previous one is written.
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Digest:BatchSize"] = "2" });
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        for (var i = 0; i < 9; i++)
        {
            var id = Envelopes.NewEventId();
            await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: "site" + (i % 5), userId: i.ToString())));
        }
        (await app.DigestAsync()).ShouldBe(9);

        var issues = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.ShortNumber).ToListAsync());
        issues.Select(i => i.ShortNumber).ShouldBe([1L, 2L, 3L, 4L, 5L]);
        issues.Select(i => i.Count).ShouldBe([2L, 2L, 2L, 2L, 1L]);
        issues.Select(i => i.UserCount).ShouldBe([2L, 2L, 2L, 2L, 1L]);
        (await app.WithDbAsync(db => db.Projects.SingleAsync())).NextIssueNumber.ShouldBe(6);
        (await app.WithDbAsync(db => db.InboxCheckpoints.SingleAsync())).Offset.ShouldBeGreaterThan(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_retried_event_is_stored_once(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var id = Envelopes.NewEventId();
        var envelope = Envelopes.Event(id, Envelopes.NodeError(id));
        await Envelopes.PostAsync(sdk, projectId, key, envelope);
        await Envelopes.PostAsync(sdk, projectId, key, envelope);
        await app.DigestAsync();
        await Envelopes.PostAsync(sdk, projectId, key, envelope);
        await app.DigestAsync();

        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(1);
        (await app.WithDbAsync(db => db.Issues.SingleAsync())).Count.ShouldBe(1);
        var duplicates = await app.WithDbAsync(db => db.ItemOutcomes.SingleAsync(o => o.Reason == "duplicate"));
        duplicates.Quantity.ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Attachments_feedback_and_client_reports_are_kept_and_other_items_counted(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var id = Envelopes.NewEventId();
        var envelope = Envelopes.Event(id, Envelopes.NodeError(id),
            ("{\"type\":\"attachment\",\"length\":11,\"filename\":\"log.txt\",\"content_type\":\"text/plain\"}", "hello\nworld"),
            ("{\"type\":\"user_report\"}", $"{{\"event_id\":\"{id}\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"comments\":\"It broke\"}}"),
            ("{\"type\":\"client_report\"}", "{\"timestamp\":1700000000,\"discarded_events\":[{\"reason\":\"queue_overflow\",\"category\":\"error\",\"quantity\":4}]}"),
            ("{\"type\":\"session\"}", "{\"sid\":\"x\",\"status\":\"ok\"}"),
            ("{\"type\":\"transaction\"}", "{\"type\":\"transaction\",\"spans\":[]}"),
            ("{\"type\":\"something_new\"}", "{}"));
        (await Envelopes.PostAsync(sdk, projectId, key, envelope)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();

        var attachment = await app.WithDbAsync(db => db.Attachments.SingleAsync());
        (attachment.EventId, attachment.Filename, attachment.Size).ShouldBe((id, "log.txt", 11L));
        System.Text.Encoding.UTF8.GetString(attachment.Data).ShouldBe("hello\nworld");
        var report = await app.WithDbAsync(db => db.UserReports.SingleAsync());
        (report.EventId, report.Name, report.Comments).ShouldBe((id, "Ann", "It broke"));
        var outcomes = await app.WithDbAsync(db => db.ItemOutcomes.ToListAsync());
        outcomes.ShouldContain(o => o.Outcome == "client_discard" && o.Category == "error" && o.Reason == "queue_overflow" && o.Quantity == 4);
        outcomes.ShouldContain(o => o.Outcome == "accepted" && o.Category == "session" && o.Quantity == 1);
        outcomes.ShouldContain(o => o.Outcome == "accepted" && o.Category == "transaction" && o.Quantity == 1);
        outcomes.ShouldContain(o => o.Outcome == "server_discard" && o.Category == "something_new");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("deflate-raw")]
    [InlineData("br")]
    public async Task Compressed_envelopes_are_accepted(string encoding)
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var id = Envelopes.NewEventId();
        var response = await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)), encoding);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.SingleAsync())).EventId.ShouldBe(id);
    }

    [Fact]
    public async Task Legacy_store_endpoint_accepts_a_json_event()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_key={key}, sentry_client=raven-python/6.0");
        var response = await client.PostAsync($"/api/{projectId}/store/",
            new StringContent("{\"message\":\"Payment 1234 failed\",\"level\":\"warning\",\"logger\":\"billing\"}"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await response.ReadJsonAsync())["id"].Str();
        await app.DigestAsync();
        var stored = await app.WithDbAsync(db => db.Events.SingleAsync());
        stored.EventId.ShouldBe(id);
        stored.Level.ShouldBe("warning");
        (await app.WithDbAsync(db => db.Issues.SingleAsync())).Title.ShouldBe("Payment 1234 failed");
    }

    [Fact]
    public async Task The_envelope_dsn_header_authenticates()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var id = Envelopes.NewEventId();
        var body = $"{{\"event_id\":\"{id}\",\"dsn\":\"http://{key}@localhost/{projectId}\"}}\n{{\"type\":\"event\"}}\n{{\"message\":\"via dsn\"}}\n";
        var response = await app.CreateClient().PostAsync($"/api/{projectId}/envelope/", Envelopes.Content(body));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["id"].Str().ShouldBe(id);
    }
}
