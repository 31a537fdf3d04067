using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Accounts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;

namespace BugSage.Server.Tests.Assistant.Mcp;

/// <summary>Who gets into /mcp, and what one tenant's token reaches of another's.</summary>
public class McpAccessTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    [Fact]
    public async Task Anonymous_callers_get_401_with_a_bearer_challenge()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var response = await app.CreateClient().SendAsync(InitializeRequest());
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
        // The endpoint sweeps (401 without credentials, the reviewed anonymous list) walk /mcp like any other endpoint.
        var mcp = EndpointSecurityTests.Endpoints(app.Services).Where(e => e.Pattern.TrimEnd('/') == "/mcp").ToList();
        mcp.Select(e => e.Method).ShouldContain("POST");
        mcp.ShouldAllBe(e => e.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() == null);
    }

    [Fact]
    public async Task A_sign_in_session_is_not_an_mcp_credential()
    {
        // Agents keep their credential in a config file: that must be a scoped, revocable API token, not a person's session.
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var request = InitializeRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.AccessTokenAsync());
        (await app.CreateClient().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_tenants_token_finds_nothing_of_the_first_tenants_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var issueId = await McpConnection.IngestIssueAsync(app, "checkoutTotal");
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        await using var client = await McpConnection.ConnectAsync(app, "issue:write", intruder);

        foreach (var tool in new[] { "get_issue", "get_latest_event", "resolve_issue" })
        {
            var answer = await client.CallAsync(tool, issueId);
            answer.IsError.ShouldBe(true, tool);
            answer.Json()["status"]!.GetValue<string>().ShouldBe("notFound", tool);
            answer.Text().ShouldNotContain("checkoutTotal", Case.Insensitive, tool);
        }
        var search = await client.CallToolAsync("search_issues", new Dictionary<string, object?> { ["query"] = "checkoutTotal" });
        search.Text().ShouldNotContain($"\"id\":{issueId}");
        await Should.ThrowAsync<McpProtocolException>(() => client.ReadResourceAsync($"bugsage://issues/{issueId}").AsTask());
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe(IssueStatus.Unresolved);
    }

    private static HttpRequestMessage InitializeRequest() => new(HttpMethod.Post, "/mcp")
    {
        Content = new StringContent(Initialize, Encoding.UTF8, "application/json"),
        Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json"), new MediaTypeWithQualityHeaderValue("text/event-stream") } },
    };
}
