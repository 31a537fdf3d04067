using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Every endpoint requires authentication unless it is on this short, reviewed list.</summary>
public class EndpointSecurityTests
{
    /// <summary>
    /// Reviewed: the Sentry protocol, signing in (API and dashboard form), accepting an invitation,
    /// health, aggregate metrics and the API description with its reference page. The dashboard's static files (stylesheet,
    /// scripts, icon) are open too and are recognised by their static-asset metadata. "POST /login"
    /// is the sign-in page's own form endpoint, which every server-rendered page has; the form
    /// posts to /account/login instead. The invitation page is opened by people who have no
    /// account yet; it needs the invitation's secret token and accepts through its own form.
    /// GitHub's webhook deliveries carry no BugSage credentials: each is signed with its
    /// repository's own webhook secret, and unsigned or wrongly signed ones change nothing.
    /// </summary>
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
        // The task document's JSON Schema: the shape of the document coding agents read, no one's data.
        "GET /api/v1/schemas/task.json",
        // The API reference: a page and its own scripts that read the OpenAPI document above; they describe the API, not its data.
        "GET /docs/{documentName?}",
        "GET /docs/scalar.js",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/favicon.svg",
        "GET /login",
        "POST /login",
        "POST /account/login",
        "GET /invitations/{Token}",
        "POST /invitations/{Token}",
        "POST /api/v1/integrations/github/repositories/{repositoryId:long}/webhook",
        // Slack posts button presses; the app's signing secret signs each, and the presser's BugSage role decides.
        "POST /api/v1/integrations/slack/{integrationId:long}/interactions",
        "POST /api/v1/integrations/github/{integrationId:long}/webhook",
        "POST /api/v1/integrations/jira/{integrationId:long}/webhook",
    ];

    private static bool IsStaticAsset(RouteEndpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;

    internal static bool IsPage(RouteEndpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;

    /// <summary>
    /// A dashboard endpoint its scripts call with JSON (the assistant panel): a signed-out fetch gets 401, which a
    /// script can act on, where a page or a form gets the sign-in redirect; and a body in another format never reaches it.
    /// </summary>
    internal static bool TakesJson(RouteEndpoint e) =>
        e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true
        || e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IDisableCookieRedirectMetadata>() is not null;

    internal static bool IsDashboard(RouteEndpoint e) => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == BugSage.Server.Auth.DashboardAuth.Policy);

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
        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsStaticAsset(e.Endpoint))
            .Select(e => $"{e.Method} {e.Pattern}").ToHashSet();
        anonymous.Except(Anonymous).ShouldBeEmpty("endpoints open to anonymous callers without review");
    }

    [Fact]
    public async Task Every_other_endpoint_answers_401_without_credentials()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var checkedCount = 0;
        foreach (var (method, pattern, endpoint) in Endpoints(app.Services))
        {
            if (Anonymous.Contains($"{method} {pattern}") || IsStaticAsset(endpoint)) continue;
            var url = RouteValues.Fill(pattern, name => name == "which" ? "latest" : "1");
            // Dashboard forms are posted as browsers post them.
            var content = IsDashboard(endpoint) && !TakesJson(endpoint) ? (method == "POST" ? new FormUrlEncodedContent([]) : null) : RouteValues.Body(method, new { });
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
            var response = await client.SendAsync(request);
            if (IsDashboard(endpoint) && !TakesJson(endpoint))
            {
                // Dashboard pages and forms send the browser to sign in.
                response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{method} {pattern}");
                response.Headers.Location!.AbsolutePath.ShouldBe("/login", $"{method} {pattern}");
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {pattern}");
            }
            checkedCount++;
        }
        checkedCount.ShouldBeGreaterThan(20);
    }
}
