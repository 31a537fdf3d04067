using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Every endpoint requires authentication unless it is on this short, reviewed list.</summary>
public class EndpointSecurityTests
{
    /// <summary>Reviewed: the Sentry protocol, signing in, accepting an invitation, health, aggregate metrics and the API description.</summary>
    public static readonly HashSet<string> Anonymous =
    [
        "POST /api/{projectId:long}/envelope/",
        "POST /api/{projectId:long}/store/",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/logout",
        "POST /api/v1/invitations/{token}/accept",
        "GET /health/live",
        "GET /health/ready",
        "GET /metrics",
        "GET /openapi/{documentName}.json",
    ];

    internal static IEnumerable<(string Method, string Pattern, RouteEndpoint Endpoint)> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e)));

    [Fact]
    public async Task Only_reviewed_endpoints_allow_anonymous_callers()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var endpoints = Endpoints(app.Services).ToList();
        endpoints.Count.ShouldBeGreaterThan(25);
        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => $"{e.Method} {e.Pattern}").ToHashSet();
        anonymous.Except(Anonymous).ShouldBeEmpty("endpoints open to anonymous callers without review");
    }

    [Fact]
    public async Task Every_other_endpoint_answers_401_without_credentials()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient();
        var checkedCount = 0;
        foreach (var (method, pattern, _) in Endpoints(app.Services))
        {
            if (Anonymous.Contains($"{method} {pattern}")) continue;
            var url = RouteValues.Fill(pattern, name => name == "which" ? "latest" : "1");
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = RouteValues.Body(method, new { }) };
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {pattern}");
            checkedCount++;
        }
        checkedCount.ShouldBeGreaterThan(20);
    }
}
