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

    /// <summary>
    /// Every tool the intruder's token is offered, called with the first tenant's ids in every argument
    /// that takes one (and its short id, its event, its document's words): none answers with the first
    /// tenant's data, and nothing of theirs changes. Tools added later are covered without touching this test.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Every_tool_hides_another_tenants_data(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var issueId = await McpConnection.IngestIssueAsync(app, "checkoutTotal");
        var owner = await app.SignedInClientAsync();
        await BugSage.Server.Tests.Documents.DocumentUploads.UploadAndProcessAsync(app, owner, "# Zanzibar runbook\n\nRestart the zanzibar worker.", "zanzibar.md");
        var sessionId = (await (await owner.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        var (projectId, orgId, shortId, eventId) = await app.WithDbAsync(async db =>
        {
            var issue = await db.Issues.SingleAsync(i => i.Id == issueId);
            var project = await db.Projects.SingleAsync(p => p.Id == issue.ProjectId);
            return (project.Id, project.OrganizationId, $"{project.Slug.ToUpperInvariant()}-{issue.ShortNumber}", await db.Events.Select(e => e.EventId).SingleAsync());
        });
        var before = await SnapshotAsync(app);
        // The markers are real: the owner's own calls show them, so their absence below means something.
        await using (var own = await McpConnection.ConnectAsync(app, "project:read"))
        {
            (await own.CallAsync("get_issue", issueId)).Text().ShouldContain("checkoutTotal");
            (await own.CallToolAsync("search_documents", new Dictionary<string, object?> { ["query"] = "zanzibar" })).Text().ShouldContain("zanzibar worker", Case.Insensitive);
        }
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        await using var client = await McpConnection.ConnectAsync(app, "issue:write", intruder);

        var tools = await client.ListToolsAsync();
        tools.Count.ShouldBeGreaterThanOrEqualTo(20);
        foreach (var tool in tools)
        {
            var properties = tool.JsonSchema.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => x.Name).ToHashSet() : [];
            var values = new Dictionary<string, object?>
            {
                ["issueId"] = issueId, ["projectId"] = projectId, ["organizationId"] = orgId, ["sessionId"] = sessionId, ["eventId"] = eventId,
                ["query"] = "zanzibar checkoutTotal", ["assignee"] = "me", ["text"] = "intrusion", ["key"] = "browser",
            };
            foreach (var byId in new[] { true, false })
            {
                // Each issue tool once by id and once by the first tenant's short id.
                var arguments = values.Where(v => properties.Contains(v.Key) && !(v.Key == "issueId" && !byId)).ToDictionary(v => v.Key, v => v.Value);
                if (!byId)
                {
                    if (!properties.Contains("shortId")) continue;
                    arguments["shortId"] = shortId;
                }
                var answer = await client.CallToolAsync(tool.Name, arguments);
                var text = answer.Text();
                text.ShouldNotContain("checkoutTotal", Case.Insensitive, $"{tool.Name}: {text}");
                text.ShouldNotContain("zanzibar worker", Case.Insensitive, $"{tool.Name}: {text}");
                text.ShouldNotContain($"\"id\":{issueId},", Case.Sensitive, $"{tool.Name}: {text}");
            }
        }
        (await SnapshotAsync(app)).ShouldBe(before);
    }

    private static Task<List<string>> SnapshotAsync(BugSageFactory app) => app.WithDbAsync(async db =>
    {
        var rows = await db.Issues.OrderBy(i => i.Id).Select(i => $"issue {i.Id} {i.Status} {i.Substatus} {i.AssigneeId}").ToListAsync();
        rows.AddRange(await db.IssueActivities.OrderBy(a => a.Id).Select(a => $"activity {a.Id} {a.Kind}").ToListAsync());
        rows.Add($"analyses {await db.IssueAnalyses.CountAsync()}");
        rows.Add($"fix sessions {await db.FixSessions.CountAsync()}");
        return rows;
    });

    private static HttpRequestMessage InitializeRequest() => new(HttpMethod.Post, "/mcp")
    {
        Content = new StringContent(Initialize, Encoding.UTF8, "application/json"),
        Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json"), new MediaTypeWithQualityHeaderValue("text/event-stream") } },
    };
}
