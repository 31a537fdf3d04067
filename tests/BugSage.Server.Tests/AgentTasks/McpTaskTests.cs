using BugSage.Server.Tests.Assistant.Mcp;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>An agent connected over MCP with a tasks:write token reads the task document and reports on it as the REST API lets it.</summary>
public class McpTaskTests
{
    [Fact]
    public async Task An_agent_over_mcp_reads_the_task_claims_it_and_proposes_a_patch_that_shows_in_the_activity()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var issueId = await McpConnection.IngestIssueAsync(app, "loadCart");
        await using var agent = await McpConnection.ConnectAsync(app, "tasks:write");

        var task = await agent.CallAsync("get_task", issueId);
        task.IsError.ShouldNotBe(true, task.Text());
        var document = task.Json()["result"]!;
        document["schemaVersion"]!.GetValue<int>().ShouldBe(1);
        TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), document).ShouldBeEmpty();

        var claimed = await agent.CallToolAsync("report_task_update", new Dictionary<string, object?> { ["issueId"] = issueId, ["status"] = "claimed", ["agent"] = "mcp-bot" });
        claimed.IsError.ShouldNotBe(true, claimed.Text());
        var patch = "diff --git a/src/cart.js b/src/cart.js\n--- a/src/cart.js\n+++ b/src/cart.js\n@@ -1 +1 @@\n-return cart.items.length;\n+return cart?.items.length ?? 0;\n";
        var proposed = await agent.CallToolAsync("report_task_update", new Dictionary<string, object?>
            { ["issueId"] = issueId, ["status"] = "patch_proposed", ["agent"] = "mcp-bot", ["diff"] = patch });
        proposed.IsError.ShouldNotBe(true, proposed.Text());
        proposed.Json()["result"]!["validation"]!["status"].Str().ShouldBe("not_possible");
        var refused = await agent.CallToolAsync("report_task_update", new Dictionary<string, object?> { ["issueId"] = issueId, ["status"] = "finished" });
        refused.IsError.ShouldBe(true);

        (await agent.CallAsync("get_task", issueId)).Json()["result"]!["state"]!["status"].Str().ShouldBe("patch_proposed");
        await app.WithDbAsync(async db =>
            (await db.IssueActivities.Where(a => a.IssueId == issueId && a.Kind == "task_update").CountAsync()).ShouldBe(2, "the claim and the patch; the refused report leaves nothing"));
    }
}
