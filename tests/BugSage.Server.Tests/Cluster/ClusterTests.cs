using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Caching;
using BugSage.Core.Cluster;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Cluster mode (docs/scale-out.md): two nodes on one PostgreSQL database and one Redis behave as one BugSage. Each test
/// starts its own Redis and database, so the tests run in parallel without meeting.
/// </summary>
public class ClusterTests
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Cluster_mode_refuses_to_start_without_PostgreSQL_and_Redis_and_names_what_is_missing()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Cluster:Enabled"] = "true" }));
        refused.Message.ShouldContain("BugSage:Storage:Provider");
        refused.Message.ShouldContain("BugSage:Cluster:Redis");
    }

    [Fact]
    public async Task One_process_by_default_registers_nothing_of_cluster_mode()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        app.Services.GetService<ISharedCounters>().ShouldBeNull();
        app.Services.GetService<ICacheFanOut>().ShouldBeNull();
        // No job leases: the one node runs every periodic round.
        app.Services.GetService<IJobLeadership>().ShouldBeNull();
        (await app.Services.GetRequiredService<BugSage.Core.Issues.IssueAging>().RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();
        (await app.WithDbAsync(db => db.ClusterLeases.CountAsync())).ShouldBe(0);
        app.Services.GetService<IDistributedCache>().ShouldNotBeOfType<BugSage.Server.Cluster.RedisSecondLevel>();
        var checks = JsonNode.Parse(await (await app.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync())!["checks"]!.AsObject();
        checks.Select(c => c.Key).ShouldBe(["database", "queue", "workers"], ignoreOrder: true);
    }

    [ClusterFact]
    public async Task Cluster_mode_refuses_to_start_when_Redis_cannot_be_reached()
    {
        await using var redis = await RedisServer.StartAsync();
        var address = redis.ConnectionString;
        await redis.StopAsync();
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => BugSageFactory.CreateAsync("postgres", new()
        {
            ["BugSage:Cluster:Enabled"] = "true",
            ["BugSage:Cluster:Redis"] = address + ",connectTimeout=2000",
        }));
        refused.Message.ShouldContain("BugSage:Cluster:Redis");
    }

    [ClusterFact]
    public async Task A_hub_client_on_node_B_hears_an_issue_digested_on_node_A()
    {
        await using var cluster = await ClusterNodes.StartAsync(listenB: true);
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await HubSocket.ConnectAsync(cluster.B, await cluster.B.AccessTokenAsync(), timeout.Token);
        (await hub.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();

        var accepted = await Envelopes.PostAsync(cluster.A.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "Digested on A" }));
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cluster.A.DigestAsync()).ShouldBeGreaterThan(0);

        var payload = await hub.EventAsync("issue.created", timeout.Token);
        payload["projectId"]!.GetValue<long>().ShouldBe(projectId);
        payload["title"]!.GetValue<string>().ShouldBe("Digested on A");
    }

    [ClusterFact]
    public async Task A_key_and_a_token_revoked_on_node_A_are_refused_by_node_B_within_a_second()
    {
        await using var cluster = await ClusterNodes.StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var keyId = await cluster.A.WithDbAsync(db => db.ProjectKeys.Where(k => k.PublicKey == key).Select(k => k.Id).SingleAsync());
        var adminOnA = await cluster.A.SignedInClientAsync();
        var created = await (await adminOnA.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { "project:read" } })).ReadJsonAsync();
        var tokenOnB = cluster.B.ClientWithToken(created["token"].Str());
        var sdkOnB = cluster.B.CreateClient();

        // Node B has both in its cache now: what follows is the cache being told, not a first read.
        (await SendAsync(sdkOnB, projectId, key)).ShouldBe(HttpStatusCode.OK);
        (await tokenOnB.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await adminOnA.DeleteAsync($"/api/v1/projects/{projectId}/keys/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await adminOnA.DeleteAsync($"/api/v1/tokens/{created["id"].Long()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var revoked = Stopwatch.StartNew();

        await Waits.WithinAsync(Propagation, async () => await SendAsync(sdkOnB, projectId, key) != HttpStatusCode.OK, "node B still accepts the revoked key");
        await Waits.WithinAsync(Propagation - revoked.Elapsed, async () => (await tokenOnB.GetAsync("/api/v1/projects")).StatusCode == HttpStatusCode.Unauthorized,
            "node B still accepts the revoked token");
    }

    [ClusterFact]
    public async Task Issue_lists_and_stats_cached_on_one_node_are_shared_and_dropped_on_every_node_when_another_digests()
    {
        await using var cluster = await ClusterNodes.StartAsync();
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var (onA, onB) = (await cluster.A.SignedInClientAsync(), await cluster.B.SignedInClientAsync());
        await cluster.A.SendErrorsAsync("first", 1);

        // B reads and keeps the list and stats; A then reads them back from the shared second level (a round trip through Redis).
        var list = $"/api/v1/projects/{projectId}/issues";
        (await onB.GetJsonAsync(list)).Items().Count.ShouldBe(1);
        (await onA.GetJsonAsync(list)).Items().Count.ShouldBe(1);
        (await onB.GetJsonAsync("/api/v1/dashboard/stats"))["issues"]!["total"]!.GetValue<int>().ShouldBe(1);
        (await onA.GetJsonAsync("/api/v1/dashboard/stats"))["issues"]!["total"]!.GetValue<int>().ShouldBe(1);

        // A digests a second issue: B's kept answers, still within their 10 s, are dropped at once.
        (await SendAsync(cluster.A.CreateClient(), projectId, key, "Second issue")).ShouldBe(HttpStatusCode.OK);
        (await cluster.A.DigestAsync()).ShouldBe(1);
        await Waits.WithinAsync(Propagation, async () => (await onB.GetJsonAsync(list)).Items().Count == 2, "node B still lists one issue");
        await Waits.WithinAsync(Propagation, async () => (await onB.GetJsonAsync("/api/v1/dashboard/stats"))["issues"]!["total"]!.GetValue<int>() == 2,
            "node B still counts one issue");
    }

    [ClusterFact]
    public async Task A_keys_rate_limit_holds_once_for_the_whole_cluster()
    {
        // One frozen clock, so that the minute the limit counts cannot end mid-test.
        await using var cluster = await ClusterNodes.StartAsync(clock: new ManualClock());
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var keyId = await cluster.A.WithDbAsync(db => db.ProjectKeys.Where(k => k.PublicKey == key).Select(k => k.Id).SingleAsync());
        var changed = await (await cluster.A.SignedInClientAsync()).PatchJsonAsync($"/api/v1/projects/{projectId}/keys/{keyId}", new { rateLimitPerMinute = 4 });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var (onA, onB) = (cluster.A.CreateClient(), cluster.B.CreateClient());

        foreach (var sdk in new[] { onA, onB, onA, onB }) (await SendAsync(sdk, projectId, key)).ShouldBe(HttpStatusCode.OK);

        // Four per minute in all: each node alone has counted two.
        (await SendAsync(onB, projectId, key)).ShouldBe(HttpStatusCode.TooManyRequests);
        (await SendAsync(onA, projectId, key)).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [ClusterFact]
    public async Task Sign_in_limits_per_address_and_per_account_hold_across_nodes()
    {
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Auth:SignInRateLimit:PerMinute"] = "6" });
        var (a, b) = (cluster.A.CreateClient(), cluster.B.CreateClient());

        // Five wrong passwords spread over both nodes lock the account: the right one is then refused on either.
        foreach (var node in new[] { a, b, a, b, a }) (await SignInAsync(node, "wrong password")).ShouldBe(HttpStatusCode.Unauthorized);
        (await SignInAsync(b, BugSageFactory.AdminPassword)).ShouldBe(HttpStatusCode.Unauthorized);

        // Six attempts from this address in all, three on each node: the seventh is over the address's budget everywhere.
        (await SignInAsync(a, BugSageFactory.AdminPassword)).ShouldBe(HttpStatusCode.TooManyRequests);
        (await SignInAsync(b, BugSageFactory.AdminPassword)).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [ClusterFact]
    public async Task An_API_tokens_budget_holds_once_for_the_whole_cluster_and_each_answer_reports_what_is_left_of_it()
    {
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:RateLimits:Api:PermitLimit"] = "3" });
        var token = await ApiTokens.CreateAsync(await cluster.A.SignedInClientAsync(), "project:read");
        var (onA, onB) = (cluster.A.ClientWithToken(token), cluster.B.ClientWithToken(token));

        var left = 2;
        foreach (var node in new[] { onA, onB, onA })
        {
            var answer = await node.GetAsync("/api/v1/me");
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            answer.Headers.GetValues("RateLimit-Remaining").Single().ShouldBe((left--).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var refused = await onB.GetAsync("/api/v1/me");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [ClusterFact]
    public async Task Without_Redis_a_node_is_degraded_not_down_and_keeps_accepting_events_within_its_own_limits()
    {
        await using var cluster = await ClusterNodes.StartAsync(clock: new ManualClock());
        var (projectId, key) = await cluster.A.DefaultKeyAsync();
        var keyId = await cluster.A.WithDbAsync(db => db.ProjectKeys.Where(k => k.PublicKey == key).Select(k => k.Id).SingleAsync());
        (await (await cluster.A.SignedInClientAsync()).PatchJsonAsync($"/api/v1/projects/{projectId}/keys/{keyId}", new { rateLimitPerMinute = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var probe = cluster.A.CreateClient();
        (await RedisCheckAsync(probe)).ShouldBe("Healthy");
        var readyBefore = (await probe.GetAsync("/health/ready")).StatusCode;

        await cluster.Redis.StopAsync();
        await Waits.WithinAsync(TimeSpan.FromSeconds(15), async () => await RedisCheckAsync(probe) == "Degraded", "the ready check never reported Redis away");
        (await probe.GetAsync("/health/ready")).StatusCode.ShouldBe(readyBefore, "Redis away must not take every node out of the load balancer");

        // Ingestion needs no Redis; the key's limit is then counted by this node alone.
        var sdk = cluster.A.CreateClient();
        (await SendAsync(sdk, projectId, key)).ShouldBe(HttpStatusCode.OK);
        (await SendAsync(sdk, projectId, key)).ShouldBe(HttpStatusCode.OK);
        (await SendAsync(sdk, projectId, key)).ShouldBe(HttpStatusCode.TooManyRequests);
        (await cluster.A.DigestAsync()).ShouldBe(2);
    }

    [ClusterFact]
    public async Task A_node_that_Redis_stops_answering_keeps_serving_and_stops_cleanly()
    {
        var cluster = await ClusterNodes.StartAsync(redisOptions: "asyncTimeout=1000,syncTimeout=1000");
        try
        {
            var (projectId, key) = await cluster.A.DefaultKeyAsync();
            var keyId = await cluster.A.WithDbAsync(db => db.ProjectKeys.Where(k => k.PublicKey == key).Select(k => k.Id).SingleAsync());
            var owner = await cluster.A.SignedInClientAsync();
            // Redis takes the commands but answers none until long after each node's one-second wait for an answer:
            // a hung Redis, which unlike a stopped one leaves every command waiting out its timeout.
            await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString + ",allowAdmin=true"))
                await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "30000", "ALL");

            // Ingestion counts the key's limit alone; the change to the key cannot be told to node B, which keeps its copy
            // until it lapses. Neither fails the request.
            (await SendAsync(cluster.A.CreateClient(), projectId, key)).ShouldBe(HttpStatusCode.OK);
            var patched = await owner.PatchJsonAsync($"/api/v1/projects/{projectId}/keys/{keyId}", new { rateLimitPerMinute = 100 });
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
            (await cluster.A.DigestAsync()).ShouldBe(1);
        }
        finally
        {
            // Both nodes leave their channels (live events, cache forgets) as they stop: a stop must not fail on that.
            await Should.NotThrowAsync(async () => await cluster.DisposeAsync());
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient sdk, long projectId, string key, string message = "Cluster test") =>
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message }))).StatusCode;

    private static async Task<HttpStatusCode> SignInAsync(HttpClient node, string password) =>
        (await node.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password })).StatusCode;

    private static async Task<string?> RedisCheckAsync(HttpClient client)
    {
        var report = JsonNode.Parse(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
        return report["checks"]?["redis"]?["status"]?.GetValue<string>();
    }
}
