using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Server.Tests.Accounts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace BugSage.Server.Tests.Api;

/// <summary>The OpenAPI document describes the whole API, and the reference at /docs reads it without reaching any other site.</summary>
public partial class ApiDocsTests
{
    [Fact]
    public async Task The_document_describes_every_api_route_with_its_responses_and_credentials()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var document = await app.CreateClient().GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject();
        document["components"]!["securitySchemes"]!["bearer"]!["scheme"].Str().ShouldBe("bearer");
        document["components"]!["schemas"]!["ProblemDetails"].ShouldNotBeNull();

        var problems = new List<string>();
        var routes = EndpointSecurityTests.Endpoints(app.Services).Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        // Only the Sentry web API's catch-all, which answers that a route is not served, stays out of the document.
        routes.Where(e => e.Endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            .Select(e => $"{e.Method} {e.Pattern}").ShouldBe(["GET /api/0/{**rest}"]);
        routes = routes.Where(e => e.Endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }).ToList();
        routes.Count.ShouldBeGreaterThan(100);
        foreach (var (method, pattern, endpoint) in routes)
        {
            var name = $"{method} {pattern}";
            if (paths[PathOf(pattern)]?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                problems.Add($"{name}: not in the document");
                continue;
            }
            var responses = operation["responses"]?.AsObject() ?? [];
            if (responses.Count == 0) problems.Add($"{name}: no responses");
            // A read describes what it answers: a client generated from the document gets a type, not an untyped body.
            if (method == "GET" && pattern.StartsWith("/api/v1/", StringComparison.Ordinal)
                && !(responses["200"]?["content"]?.AsObject() ?? []).Any(media => media.Value?["schema"] is not null))
                problems.Add($"{name}: no 200 schema");
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) problems.Add($"{name}: no summary");
            if (operation["tags"] is not JsonArray { Count: > 0 }) problems.Add($"{name}: no tag");
            var schemes = (operation["security"]?.AsArray() ?? []).SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList();
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                if (!schemes.Contains("bearer")) problems.Add($"{name}: secured, but declares no bearer security");
                if (responses["401"]?["content"]?["application/problem+json"] is null) problems.Add($"{name}: secured, but no 401 problem details");
            }
            else if (schemes.Contains("bearer"))
            {
                problems.Add($"{name}: open to anonymous callers, but declares bearer security");
            }
        }
        problems.ShouldBeEmpty();

        var envelope = paths["/api/{projectId}/envelope"]!["post"]!;
        envelope["security"]![0]!.AsObject().Single().Key.ShouldBe("sentryKey");
        var me = paths["/api/v1/me"]!["get"]!["responses"]!;
        me["429"]!["headers"]!["Retry-After"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_reference_page_is_open_and_loads_only_its_own_nonced_scripts()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = app.CreateClient();
        var page = await client.GetAsync("/docs");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("\"openapi/v1.json\"");

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(policy).Groups[1].Value;
        nonce.ShouldNotBeEmpty();
        policy.ShouldNotContain("http");
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        scripts.ShouldNotBeEmpty();
        scripts.ShouldAllBe(tag => tag.Contains($"nonce=\"{nonce}\""));
        // Nothing from another site: no absolute URLs in the page at all.
        Regex.Matches(html, "(src|href)=\"(https?:)?//").ShouldBeEmpty();

        foreach (var source in ScriptSource().Matches(html).Select(m => m.Groups[1].Value))
        {
            var script = await client.GetAsync(new Uri(new Uri("http://localhost/docs/"), source));
            script.StatusCode.ShouldBe(HttpStatusCode.OK, source);
        }
        // A second request gets a fresh nonce.
        (await client.GetAsync("/docs")).Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain(nonce);
    }

    /// <summary>The path an endpoint's route has in an OpenAPI document: parameters without their constraints.</summary>
    private static string PathOf(string pattern)
    {
        var path = RouteParameter().Replace(pattern, m => "{" + m.Groups[1].Value + "}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\**([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex(@"<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<script[^>]*src=""([^""]+)""")]
    private static partial Regex ScriptSource();
}
