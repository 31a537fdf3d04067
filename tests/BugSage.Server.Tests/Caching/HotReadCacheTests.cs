using System.Net;
using BugSage.Core.Accounts;
using BugSage.Server.ServerAdmins;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Caching;

/// <summary>
/// Hot reads come from the cache, are counted as hits and misses in <c>/metrics</c>, and a change made on this node
/// is seen by the very next request: a revoked key or token never works once more.
/// </summary>
public class HotReadCacheTests
{
    private static double Requests(MetricsScrape scrape, string cache, string outcome) =>
        scrape.Value("bugsage_cache_requests_total", ("cache", cache), ("outcome", outcome)) ?? 0;

    [Fact]
    public async Task A_dsn_key_is_read_once_then_hit_and_a_revoked_key_is_refused_on_the_next_envelope()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "first" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "second" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await MetricsScrape.ReadAsync(sdk);
        Requests(scrape, "dsn_keys", "miss").ShouldBe(1);
        Requests(scrape, "dsn_keys", "hit").ShouldBe(1);

        var keyId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/keys")).Items().Single()!["id"].Long();
        (await api.DeleteAsync($"/api/v1/projects/{projectId}/keys/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "after revoke" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_rate_limit_set_on_a_key_applies_from_the_next_envelope()
    {
        // A clock that stands still keeps every envelope in one rate window.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 10, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "cached" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var keyId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/keys")).Items().Single()!["id"].Long();
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/keys/{keyId}", new { rateLimitPerMinute = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "one" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "two" }))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task An_api_token_is_read_once_then_hit_and_a_revoked_token_gets_401_on_its_next_call()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var ci = await ApiTokens.ClientAsync(app, "project:read", owner);
        (await ci.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ci.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await MetricsScrape.ReadAsync(owner);
        Requests(scrape, "api_tokens", "miss").ShouldBe(1);
        Requests(scrape, "api_tokens", "hit").ShouldBeGreaterThanOrEqualTo(1);

        var tokenId = (await owner.GetJsonAsync("/api/v1/tokens")).Items().Single()!["id"].Long();
        (await owner.DeleteAsync($"/api/v1/tokens/{tokenId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ci.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_operators_password_reset_ends_the_accounts_cached_tokens_on_the_next_call()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var ci = await ApiTokens.ClientAsync(app, "project:read");
        (await ci.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var operations = ActivatorUtilities.CreateInstance<OperatorAccountOperations>(scope.ServiceProvider);
            (await operations.ResetPasswordAsOperatorAsync(BugSageFactory.AdminEmail, "a new long password 123", CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        (await ci.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_first_page_of_an_issue_list_is_hit_and_shows_a_resolve_and_new_events_on_the_next_read()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        var list = $"/api/v1/projects/{projectId}/issues?status=unresolved";
        var issueId = (await api.GetJsonAsync(list)).Items().Single()!["id"].Long();
        (await api.GetJsonAsync(list)).Items().Count.ShouldBe(1);
        var scrape = await MetricsScrape.ReadAsync(api);
        Requests(scrape, "issue_lists", "miss").ShouldBe(1);
        Requests(scrape, "issue_lists", "hit").ShouldBe(1);

        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetJsonAsync(list)).Items().ShouldBeEmpty();

        await app.SendErrorsAsync("payment", 1);
        (await api.GetJsonAsync(list)).Items().Single()!["id"].Long().ShouldNotBe(issueId);
    }

    [Fact]
    public async Task A_cached_first_page_is_never_served_to_a_caller_without_access()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Count.ShouldBe(1);

        var (outsider, _, _) = await app.NewTenantAsync("outsider@example.com");
        (await outsider.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Organization_stats_are_hit_and_count_new_events_and_a_resolve_on_the_next_read()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("checkout", 2);
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["events"]!["total"]!.GetValue<long>().ShouldBe(2);
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["events"]!["total"]!.GetValue<long>().ShouldBe(2);
        var scrape = await MetricsScrape.ReadAsync(api);
        Requests(scrape, "org_stats", "miss").ShouldBe(1);
        Requests(scrape, "org_stats", "hit").ShouldBe(1);

        await app.SendErrorsAsync("checkout", 1);
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["events"]!["total"]!.GetValue<long>().ShouldBe(3);

        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Single()!["id"].Long();
        (await api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["issues"]!["unresolved"]!.GetValue<int>().ShouldBe(0);
    }
}
