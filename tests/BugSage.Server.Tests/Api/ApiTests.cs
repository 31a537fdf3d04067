using System.Net;
using System.Net.Http.Headers;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Api;

/// <summary>Sign-in, and issue search, sorting and paging through HTTP.</summary>
public class ApiTests
{
    [Fact]
    public async Task Login_answers_the_same_for_unknown_users_and_wrong_passwords()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient();
        var wrong = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = "nope-nope" });
        var unknown = await client.PostJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "nope-nope" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.ReadJsonAsync())["title"].Str().ShouldBe((await unknown.ReadJsonAsync())["title"].Str());
        wrong.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Login_validates_its_body()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var response = await app.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_api_requires_a_valid_token()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient();
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged");
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var signedIn = await app.SignedInClientAsync();
        var me = await signedIn.GetJsonAsync("/api/v1/me");
        me["email"].Str().ShouldBe(BugSageFactory.AdminEmail);
        me["memberships"]![0]!["role"].Str().ShouldBe("owner");
        var project = (await signedIn.GetJsonAsync("/api/v1/projects")).Items().ShouldHaveSingleItem()!;
        project["slug"].Str().ShouldBe("default");
        var keyDto = (await signedIn.GetJsonAsync($"/api/v1/projects/{project["id"]}/keys")).Items().ShouldHaveSingleItem()!;
        keyDto["dsn"].Str().ShouldBe($"http://{keyDto["publicKey"].Str()}@localhost/{project["id"]}");
        keyDto["isActive"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Issues_are_searched_filtered_sorted_and_paged(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        for (var i = 0; i < 7; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                var id = Envelopes.NewEventId();
                var payload = Envelopes.NodeError(id, function: $"handler{i}", message: $"Failure in step {i}", userId: i == 6 ? null : "u1",
                    timestamp: DateTimeOffset.UtcNow.AddMinutes(-100 + i * 10 + n).ToUnixTimeSeconds());
                await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, payload));
            }
        }
        var warnId = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(warnId, new { message = "Disk almost full on db-3", level = "warning", tags = new { shard = "eu-1" } }));
        await app.DigestAsync();
        await app.WithDbAsync(db => db.Issues.Where(i => i.Title.Contains("step 2")).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IssueStatus.Resolved)));

        var api = await app.SignedInClientAsync();
        string Url(string q) => $"/api/v1/projects/{projectId}/issues?{q}";
        var titles = async (string q) => (await api.GetJsonAsync(Url(q))).Items().Select(i => i!["title"].Str()).ToList();

        (await titles("sort=count&limit=3")).ShouldBe(["TypeError: Failure in step 6", "TypeError: Failure in step 5", "TypeError: Failure in step 4"]);
        (await titles("query=is:resolved")).ShouldBe(["TypeError: Failure in step 2"]);
        (await titles("status=resolved")).ShouldBe(["TypeError: Failure in step 2"]);
        (await titles("query=level:warning")).ShouldBe(["Disk almost full on db-3"]);
        (await titles("query=shard:eu-1")).ShouldBe(["Disk almost full on db-3"]);
        (await titles("query=disk%20FULL")).ShouldBe(["Disk almost full on db-3"]);
        (await titles("query=%22step%203%22")).ShouldBe(["TypeError: Failure in step 3"]);
        (await titles("query=is:unresolved%20has:user%20handler5")).ShouldBe(["TypeError: Failure in step 5"]);
        (await titles("query=release:app@1.0.0%20is:unresolved")).Count.ShouldBe(6);
        (await titles("query=assigned:none")).Count.ShouldBe(8);
        (await titles("query=assigned:me")).ShouldBeEmpty();

        // Walk every page of every sort: each issue exactly once, in order.
        foreach (var sort in new[] { "lastSeen", "firstSeen", "count", "users" })
        {
            var seen = new List<long>();
            string? cursor = null;
            do
            {
                var page = await api.GetJsonAsync(Url($"sort={sort}&limit=3" + (cursor is null ? "" : "&cursor=" + cursor)));
                seen.AddRange(page.Items().Select(i => i!["id"].Long()));
                cursor = page["nextCursor"]?.GetValue<string>();
            } while (cursor is not null);
            seen.Count.ShouldBe(8, sort);
            seen.Distinct().Count().ShouldBe(8, sort);
        }

        (await api.GetAsync(Url("sort=bogus"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync(Url("status=bogus"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetJsonAsync(Url("cursor=%%%garbage"))).Items().Count.ShouldBe(8);
        (await api.GetJsonAsync(Url("limit=1000"))).Items().Count.ShouldBe(8);
        (await api.GetJsonAsync(Url("query=%27%3B%20DROP%20TABLE%20issues%3B--"))).Items().ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Issues.CountAsync())).ShouldBe(8);
    }

    [Fact]
    public async Task Issue_events_are_paged_newest_first()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = Envelopes.NewEventId();
            ids.Add(id);
            await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, timestamp: DateTimeOffset.UtcNow.AddMinutes(-10 + i).ToUnixTimeSeconds())));
        }
        await app.DigestAsync();
        var api = await app.SignedInClientAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var first = await api.GetJsonAsync($"/api/v1/issues/{issueId}/events?limit=3");
        var second = await api.GetJsonAsync($"/api/v1/issues/{issueId}/events?limit=3&cursor={first["nextCursor"].Str()}");
        first.Items().Concat(second.Items()).Select(e => e!["eventId"].Str()).ShouldBe(Enumerable.Reverse(ids));
        second["nextCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task Metrics_count_envelopes_and_digested_events_in_prometheus_format()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var id = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)));
        await Envelopes.PostAsync(sdk, projectId, "0123456789abcdef0123456789abcdef", Envelopes.Event(id, Envelopes.NodeError(id)));
        await app.DigestAsync();

        var response = await sdk.GetAsync("/metrics");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var scrape = MetricsScrape.Parse(await response.Content.ReadAsStringAsync());
        scrape.Value("bugsage_envelopes_accepted_total").ShouldBe(1);
        scrape.Value("bugsage_envelopes_refused_total", ("status", "401")).ShouldBe(1);
        scrape.Value("bugsage_ingest_refusals_total", ("reason", "unauthorized")).ShouldBe(1);
        scrape.Value("bugsage_events_digested_total").ShouldBe(1);
        scrape.Value("bugsage_digest_batch_seconds_count").ShouldBe(1);
        scrape.Value("bugsage_inbox_backlog_bytes").ShouldBe(0);
        scrape.Types["bugsage_envelopes_accepted_total"].ShouldBe("counter");
    }

    [Fact]
    public async Task Operations_endpoints_answer()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetJsonAsync("/health/ready");
        ready["status"].Str().ShouldBe("Healthy");
        ready["checks"]!["database"]!["status"].Str().ShouldBe("Healthy");
        var openapi = await client.GetJsonAsync("/openapi/v1.json");
        openapi["paths"]!.AsObject().ContainsKey("/api/v1/projects/{projectId}/issues").ShouldBeTrue();
    }
}
