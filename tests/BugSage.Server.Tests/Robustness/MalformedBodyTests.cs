using System.Net;
using System.Text;
using BugSage.Server.Tests.Accounts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// Every endpoint outside the Sentry protocol that reads a body answers a malformed one with a
/// 4xx, never a 5xx: JSON that is not UTF-8, holds lone surrogates, has the wrong types, nests
/// without end or stops halfway, and dashboard forms with hostile values.
/// </summary>
public sealed class MalformedBodyTests
{
    private static readonly (string Name, byte[] Bytes)[] JsonBodies =
    [
        ("invalid UTF-8", [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}']),
        ("lone surrogates", Encoding.UTF8.GetBytes("""{"name":"\ud800","email":"\udfff@x","password":"\ud800\ud800","query":"\udc00","url":"\ud800","status":"\ud800"}""")),
        ("wrong types", Encoding.UTF8.GetBytes("""{"name":[1,{"a":null}],"email":1e400,"password":{"x":true},"role":18446744073709551616,"ids":"all","issueIds":[1.5,"x",null],"status":{},"limit":-1e308}""")),
        ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000))),
        ("truncated", Encoding.UTF8.GetBytes("""{"name":"half""")),
        ("not JSON", Encoding.UTF8.GetBytes("name=x&\0\u0001")),
        ("an array", Encoding.UTF8.GetBytes("[1,2,3]")),
        ("NUL characters", Encoding.UTF8.GetBytes("""{"name":"a\u0000b","email":"\u0000@x.com","password":"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000","body":"\u0000"}""")),
    ];

    [Fact]
    public async Task Malformed_JSON_bodies_get_a_4xx_from_every_API_endpoint()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, pattern, endpoint) in EndpointSecurityTests.Endpoints(app.Services))
        {
            if (method is not ("POST" or "PUT" or "PATCH") || pattern.StartsWith("/api/{projectId", StringComparison.Ordinal)) continue;
            if (EndpointSecurityTests.IsDashboard(endpoint) || endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null) continue;
            var url = RouteValues.Fill(pattern, name => name == "which" ? "latest" : "1");
            foreach (var (name, bytes) in JsonBodies)
            {
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new("application/json");
                var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });
                sent++;
                if ((int)response.StatusCode >= 500) failures.Add($"{method} {url} with {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        sent.ShouldBeGreaterThan(JsonBodies.Length * 20);
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Hostile_form_values_get_no_5xx_from_any_dashboard_form()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var session = await DashboardSession.SignInAsync(app);
        var failures = new List<string>();
        var sent = 0;
        string[] values = ["\ud800", new string('x', 100_000), "\0", "-1", "99999999999999999999", "1e400", "<script>", "'; DROP TABLE issues; --"];
        foreach (var (method, pattern, endpoint) in EndpointSecurityTests.Endpoints(app.Services))
        {
            if (method != "POST" || !EndpointSecurityTests.IsDashboard(endpoint) || pattern.EndsWith("/logout", StringComparison.Ordinal)) continue;
            var url = RouteValues.Fill(pattern, _ => "1");
            foreach (var value in values)
            {
                var fields = new[] { "name", "email", "role", "status", "query", "id", "ids", "issueIds", "assignee", "candidateId", "comment", "url", "path", "rules", "fields", "provider", "model", "endpoint", "branch" }
                    .Select(f => (f, value)).ToArray();
                var response = await session.PostFormAsync(url, fields);
                sent++;
                if ((int)response.StatusCode >= 500) failures.Add($"POST {url} with {value[..Math.Min(value.Length, 20)]}: {(int)response.StatusCode}");
            }
        }
        sent.ShouldBeGreaterThan(values.Length * 10);
        failures.ShouldBeEmpty();
    }
}
