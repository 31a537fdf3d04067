using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Assistant.Mcp;

/// <summary>Coding agents reach the assistant's tools over MCP, within their API token's scopes.</summary>
public class McpToolTests
{
    private static readonly string[] WriteTools = ["assign_issue", "comment_on_issue", "ignore_issue", "resolve_issue", "start_analysis", "start_fix_session"];

    [Fact]
    public async Task A_read_token_is_offered_only_read_tools_and_an_issue_write_token_the_triage_tools_too()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();

        await using var reader = await McpConnection.ConnectAsync(app, "project:read", admin);
        var read = (await reader.ListToolsAsync()).Select(t => t.Name).ToList();
        read.ShouldContain("search_issues");
        read.ShouldContain("get_issue");
        read.ShouldContain("get_latest_event");
        read.Intersect(WriteTools).ShouldBeEmpty();

        await using var writer = await McpConnection.ConnectAsync(app, "issue:write", admin);
        var tools = await writer.ListToolsAsync();
        WriteTools.ShouldBeSubsetOf(tools.Select(t => t.Name));
        tools.Single(t => t.Name == "resolve_issue").ProtocolTool.Annotations!.ReadOnlyHint.ShouldBe(false);
        tools.Single(t => t.Name == "get_issue").ProtocolTool.Annotations!.ReadOnlyHint.ShouldBe(true);
        tools.Single(t => t.Name == "get_issue").JsonSchema.GetProperty("properties").TryGetProperty("issueId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Search_issues_and_get_issue_answer_with_an_ingested_issue()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var issueId = await McpConnection.IngestIssueAsync(app, "loadCart");
        await using var client = await McpConnection.ConnectAsync(app, "project:read");

        var found = await client.CallToolAsync("search_issues", new Dictionary<string, object?> { ["query"] = "is:unresolved" });
        found.IsError.ShouldNotBe(true, found.Text());
        found.Json()["result"]!["issues"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ShouldBe([issueId]);
        found.StructuredContent.ShouldNotBeNull();

        var issue = await client.CallAsync("get_issue", issueId);
        issue.IsError.ShouldNotBe(true, issue.Text());
        issue.Json()["result"]!["culprit"]!.GetValue<string>().ShouldContain("loadCart");
        issue.Json()["result"]!["status"]!.GetValue<string>().ShouldBe(IssueStatus.Unresolved);
    }

    [Fact]
    public async Task Resolve_issue_is_refused_to_a_read_token_and_resolves_with_issue_write()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var issueId = await McpConnection.IngestIssueAsync(app);
        var admin = await app.SignedInClientAsync();

        await using var reader = await McpConnection.ConnectAsync(app, "project:read", admin);
        var refused = await reader.CallAsync("resolve_issue", issueId);
        refused.IsError.ShouldBe(true);
        refused.Text().ShouldContain("lacks issue:write");
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Unresolved);
        (await ToolAuditsAsync(app)).ShouldBeEmpty();

        await using var writer = await McpConnection.ConnectAsync(app, "issue:write", admin);
        var resolved = await writer.CallAsync("resolve_issue", issueId);
        resolved.IsError.ShouldNotBe(true, resolved.Text());
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Resolved);
        var audit = (await ToolAuditsAsync(app)).ShouldHaveSingleItem();
        audit.Target.ShouldBe("resolve_issue");
        audit.Actor.ShouldBe(BugSageFactory.AdminEmail);
        audit.OrganizationId.ShouldBe(await app.WithDbAsync(db => db.Organizations.Where(o => o.Slug == "default").Select(o => (long?)o.Id).SingleAsync()));
    }

    [Fact]
    public async Task A_tool_that_does_not_exist_is_a_protocol_error()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await using var client = await McpConnection.ConnectAsync(app, "issue:write");
        await Should.ThrowAsync<ModelContextProtocol.McpProtocolException>(() => client.CallToolAsync("drop_database").AsTask());
    }

    private static Task<string> StatusAsync(BugSageFactory app, long issueId) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync());

    private static Task<List<BugSage.Core.Accounts.AuditEntry>> ToolAuditsAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "assistant.tool_changed").ToListAsync());
}
