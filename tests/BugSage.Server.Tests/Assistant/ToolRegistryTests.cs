using System.Text.Json;
using BugSage.Server.Assistant.Tools;
using BugSage.Server.Tests.Assistant.Mcp;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Assistant;

/// <summary>The registry's contract: what every tool tells its callers, and who is offered what.</summary>
public class ToolRegistryTests
{
    [Fact]
    public async Task Every_tool_describes_itself_and_changes_only_with_triage_permission()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        using var scope = app.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<ToolRegistry>();

        registry.All.Count.ShouldBe(ToolRegistry.ToolTypes.Length);
        foreach (var tool in registry.All)
        {
            tool.Name.ShouldMatch("^[a-z][a-z_]{2,40}$");
            tool.Description.Length.ShouldBeGreaterThan(20, tool.Name);
            tool.InputSchema.GetProperty("type").GetString().ShouldBe("object", tool.Name);
            // Triage, or (for agents reporting on a task) the narrower tasks:write.
            if (tool.Changes) tool.Needs.ShouldBeOneOf([BugSage.Core.Accounts.Permission.IssueWrite, BugSage.Core.Accounts.Permission.TaskWrite], tool.Name);
        }
        registry.All.Where(t => t.Changes).Select(t => t.Name).Order().ShouldBe(
            ["assign_issue", "comment_on_issue", "ignore_issue", "report_task_update", "resolve_issue", "start_analysis", "start_fix_session"]);
    }

    [Theory]
    [InlineData("project:read", false)]
    [InlineData("issue:write", true)]
    public async Task A_tokens_scopes_decide_the_tools_it_is_offered(string scope, bool offeredChanges)
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = await ApiTokens.ClientAsync(app, scope);

        var tools = (await (await client.GetAsync("/api/v1/assistant/tools")).ReadJsonAsync()).AsArray();

        tools.Any(t => t!["changes"]!.GetValue<bool>()).ShouldBe(offeredChanges);
        var search = tools.Single(t => t!["name"].Str() == "search_issues")!;
        search["inputSchema"]!["properties"]!["query"].ShouldNotBeNull();
        search["permission"].Str().ShouldBe("project:read");
    }

    [Fact]
    public async Task Arguments_of_the_wrong_type_are_refused_in_words_and_run_nothing()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await using var client = await McpConnection.ConnectAsync(app, "issue:write");

        var answer = await client.CallToolAsync("get_issue", new Dictionary<string, object?> { ["issueId"] = new[] { 1, 2 } });

        answer.IsError.ShouldBe(true);
        answer.Text().ShouldContain("wrong type");
    }
}
