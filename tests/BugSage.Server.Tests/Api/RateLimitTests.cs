using System.Net;
using BugSage.Core.Processing;
using BugSage.Server.RateLimiting;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Api;

/// <summary>
/// The API's budgets per caller: reported on every answer, answered past their end with 429 problem details,
/// kept apart per token, user and address and per endpoint group, counted, and never applied to the Sentry protocol.
/// </summary>
public class RateLimitTests
{
    private static Dictionary<string, string?> Limits(string group, int permits) => new()
    {
        [$"BugSage:RateLimits:{group}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"BugSage:RateLimits:{group}:WindowSeconds"] = "60",
    };

    [Fact]
    public async Task Answers_report_the_budget_and_the_request_past_it_gets_429_problem_details_until_the_window_ends()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", Limits("Api", 3), clock: clock);
        using var limited = new MetricCount(app, "bugsage_rate_limited_total", "group");
        var api = await app.SignedInClientAsync();

        for (var left = 2; left >= 0; left--)
        {
            var answer = await api.GetAsync("/api/v1/me");
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(answer, "RateLimit-Limit").ShouldBe(3);
            Header(answer, "RateLimit-Remaining").ShouldBe(left);
            Header(answer, "RateLimit-Reset").ShouldBe(60);
        }

        clock.Advance(TimeSpan.FromSeconds(20));
        var refused = await api.GetAsync("/api/v1/me");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(40));
        Header(refused, "RateLimit-Remaining").ShouldBe(0);
        Header(refused, "RateLimit-Reset").ShouldBe(40);
        var problem = await refused.ReadJsonAsync();
        problem["status"]!.GetValue<int>().ShouldBe(429);
        problem["traceId"].ShouldNotBeNull();
        limited.Of(RateLimitGroups.Api).ShouldBe(1);

        // Once the window is over the budget is whole again.
        clock.Advance(TimeSpan.FromSeconds(40));
        var again = await api.GetAsync("/api/v1/me");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(again, "RateLimit-Remaining").ShouldBe(2);
    }

    [Fact]
    public async Task Each_token_and_each_user_spends_its_own_budget()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", Limits("Api", 3));
        var admin = await app.SignedInClientAsync();
        var first = app.ClientWithToken(await ApiTokens.CreateAsync(admin, "project:read"));
        var second = app.ClientWithToken(await ApiTokens.CreateAsync(admin, "project:read"));
        (await admin.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 3; i++) (await first.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var fresh = await second.GetAsync("/api/v1/projects");
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(fresh, "RateLimit-Remaining").ShouldBe(2);
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        var other = await member.GetAsync("/api/v1/me");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(other, "RateLimit-Remaining").ShouldBe(2);
    }

    [Fact]
    public async Task Anonymous_callers_are_counted_per_client_address()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", Limits("Api", 2), services: s => s.AddSingleton<IStartupFilter, AddressFromHeader>());
        var url = "/api/v1/integrations/github/repositories/424242/webhook";
        for (var i = 0; i < 2; i++) (await FromAsync(app, "203.0.113.7", url)).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await FromAsync(app, "203.0.113.7", url)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var elsewhere = await FromAsync(app, "198.51.100.9", url);
        elsewhere.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        Header(elsewhere, "RateLimit-Remaining").ShouldBe(1);
    }

    [Fact]
    public async Task The_assistant_and_mcp_have_budgets_apart_from_the_rest_of_the_api()
    {
        var settings = Limits("Assistant", 1);
        foreach (var (k, v) in Limits("Mcp", 1)) settings[k] = v;
        await using var app = await BugSageFactory.CreateAsync("sqlite", settings);
        using var limited = new MetricCount(app, "bugsage_rate_limited_total", "group");
        var api = await app.SignedInClientAsync();

        (await api.GetAsync("/api/v1/assistant/conversations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await api.GetAsync("/api/v1/assistant/conversations");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Header(refused, "RateLimit-Limit").ShouldBe(1);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var agent = await ApiTokens.ClientAsync(app, "project:read");
        var request = () => new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Accept", "application/json, text/event-stream" } },
        };
        (await agent.SendAsync(request())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(request())).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (limited.Of(RateLimitGroups.Assistant), limited.Of(RateLimitGroups.Mcp), limited.Of(RateLimitGroups.Api)).ShouldBe((1, 1, 0));
    }

    [Fact]
    public async Task The_sentry_protocol_is_never_held_to_the_api_budget()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", Limits("Api", 1));
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var id = Envelopes.NewEventId();
            var answer = await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)));
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            answer.Headers.Contains("RateLimit-Limit").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Every_api_route_but_the_sentry_protocol_spends_a_budget()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var unlimited = Accounts.EndpointSecurityTests.Endpoints(app.Services)
            .Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal) || e.Pattern.StartsWith("/mcp", StringComparison.Ordinal))
            .Where(e => !e.Pattern.StartsWith("/api/{projectId:long}/", StringComparison.Ordinal))
            .Where(e => e.Endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null)
            .Select(e => $"{e.Method} {e.Pattern}").ToList();
        unlimited.ShouldBeEmpty();
        var policies = Accounts.EndpointSecurityTests.Endpoints(app.Services).ToLookup(e => e.Pattern, e => e.Endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
        policies["/api/v1/assistant/conversations/{conversationId:long}/messages"].ShouldAllBe(p => p == RateLimitGroups.Assistant);
        policies["/mcp"].ShouldAllBe(p => p == RateLimitGroups.Mcp);
        policies["/api/v1/me"].ShouldAllBe(p => p == RateLimitGroups.Api);
    }

    private static int Header(HttpResponseMessage answer, string name) =>
        int.Parse(answer.Headers.GetValues(name).Single(), System.Globalization.CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> FromAsync(BugSageFactory app, string address, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(AddressFromHeader.Header, address);
        return app.CreateClient().SendAsync(request);
    }

    /// <summary>Gives each test request the client address it names, as a proxy's forwarded address would.</summary>
    private sealed class AddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address)) context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return following(context);
            });
            next(app);
        };
    }
}
